package dev.ghostline.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * N pairs, once matched, exchange SDP and ICE candidates. Of every six signals a side sends, one is an SDP
 * (offer or answer) and five are candidates. Two ways to drive them:
 * <ul>
 *   <li>relay (saturation): each side keeps {@code window} signals in flight and sends the next one when one of
 *   its own arrives at the partner (closed loop): the figure is how many signals per second the server carries,
 *   and latency is what that many signals in flight cost;</li>
 *   <li>paced (latency): the pairs together send {@code signal-rate} signals per second on a fixed schedule,
 *   whatever arrives (open loop), each stamped with its intended send time: latency at a load every system
 *   carries, comparable across systems.</li>
 * </ul>
 */
public final class RelayScenario {
    private static final int SDP_EVERY = 6;
    private static final long PACER_TICK_MS = 1;

    private final BenchArgs args;
    private final Vertx vertx;
    private final ClientPool clients;
    private final Dialect dialect;
    private final Payloads payloads;
    private final Recorder latency = new Recorder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final List<Pair> pairs = new ArrayList<>();
    private final boolean paced;
    private volatile boolean measuring;
    private volatile boolean running = true;

    public RelayScenario(BenchArgs args, Vertx vertx, ClientPool clients) {
        this.args = args;
        this.paced = args.scenario() == BenchArgs.Scenario.PACED;
        this.vertx = vertx;
        this.clients = clients;
        this.dialect = Dialect.of(args.dialect());
        this.payloads = new Payloads(args.sdpBytes(), args.candidateBytes());
    }

    public Result run() throws InterruptedException {
        String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        int failed = new Ramp(vertx, 200, 60_000).run(args.pairs(), i -> setUp(run, i));
        errors.add(failed);
        if (paced) {
            startPacers();
        } else {
            synchronized (pairs) {
                pairs.forEach(pair -> pair.a.context().runOnContext(v -> pair.fillWindow()));
            }
        }
        Thread.sleep(args.warmupSeconds() * 1000L);
        double cpuBefore = ProcStats.cpuSeconds(args.serverPids());
        long start = System.nanoTime();
        measuring = true;
        if (args.jfrFile() != null) {
            Jcmd.run(args.serverPids().get(0), "JFR.start", "name=bench", "settings=profile",
                    "duration=" + args.durationSeconds() + "s", "filename=" + args.jfrFile());
        }
        Thread.sleep(args.durationSeconds() * 1000L);
        measuring = false;
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = ProcStats.cpuSeconds(args.serverPids()) - cpuBefore;
        running = false;
        Histogram histogram = latency.snapshot();
        Result result = new Result(args.system(), paced ? "paced" : "relay").put("pairs", args.pairs());
        if (paced) {
            result.put("offered_per_s", args.signalRate());
        } else {
            result.put("window", args.window());
        }
        return result
                .put("signals_per_s", delivered.sum() / seconds)
                .put("p50_ms", histogram.valueAtPercentile(50) / 1e6)
                .put("p99_ms", histogram.valueAtPercentile(99) / 1e6)
                .put("p999_ms", histogram.valueAtPercentile(99.9) / 1e6)
                .put("max_ms", histogram.max() / 1e6)
                .put("errors", errors.sum())
                .put("server_cpu_pct", 100.0 * cpu / seconds)
                // CPU per signal holds up better than signals/s when other work shares the machine.
                .put("server_cpu_us_per_signal", delivered.sum() == 0 ? Double.NaN : cpu * 1e6 / delivered.sum())
                .put("source_addresses", clients.addresses());
    }

    /** Closes every connection; the listener counts nothing once {@code running} is false. */
    public void stop() {
        running = false;
        synchronized (pairs) {
            pairs.forEach(pair -> {
                pair.a.context().runOnContext(v -> pair.a.close());
                pair.b.context().runOnContext(v -> pair.b.close());
            });
        }
    }

    /**
     * One schedule per event loop over the pairs living on it, each with its share of the rate: a pair's
     * sockets are only touched from their own context. Sides and pairs take turns, so every pair sends at the
     * same rate and both directions carry the same load.
     */
    private void startPacers() {
        Map<Context, List<Pair>> byContext = new LinkedHashMap<>();
        synchronized (pairs) {
            pairs.forEach(pair -> byContext.computeIfAbsent(pair.a.context(), c -> new ArrayList<>()).add(pair));
        }
        int total = byContext.values().stream().mapToInt(List::size).sum();
        byContext.forEach((context, local) -> context.runOnContext(v -> {
            Pacer pacer = new Pacer(args.signalRate() * (double) local.size() / total, System.nanoTime());
            long[] turn = {0};
            vertx.setPeriodic(PACER_TICK_MS, timer -> {
                if (!running) {
                    vertx.cancelTimer(timer);
                    return;
                }
                for (long due = pacer.due(System.nanoTime()); due > 0; due--) {
                    long next = turn[0]++;
                    Pair pair = local.get((int) (next % local.size()));
                    pair.send((int) ((next / local.size()) % 2), pacer.stamp());
                }
            });
        }));
    }

    private Future<Void> setUp(String run, int index) {
        Pair pair = new Pair();
        String key = run + "x" + index;
        pair.a = new Peer("a" + key, dialect, pair);
        pair.b = new Peer("b" + key, dialect, pair);
        pair.lobby = "p" + key;
        Future<Peer> a = pair.a.open(clients.next(), args.urlFor(0), args.origin(), key);
        Future<Peer> b = pair.b.open(clients.next(), args.urlFor(1), args.origin(), key);
        return Future.all(a, b).compose(v -> pair.ready.future()).onSuccess(v -> {
            synchronized (pairs) {
                pairs.add(pair);
            }
        });
    }

    /** Both ends of one pair; runs on the pair's context. */
    private final class Pair implements Peer.Listener {
        Peer a;
        Peer b;
        String lobby;
        final Promise<Void> ready = Promise.promise();
        int readyEnds;
        final long[] sent = new long[2];

        void fillWindow() {
            for (int i = 0; i < args.window(); i++) {
                send(0, System.nanoTime());
                send(1, System.nanoTime());
            }
        }

        /** @param stampNanos the send time the payload carries: now, or the schedule's intended time */
        void send(int side, long stampNanos) {
            boolean sdp = sent[side]++ % SDP_EVERY == 0;
            String payload = sdp ? payloads.sdp(stampNanos) : payloads.candidate(stampNanos);
            Peer from = side == 0 ? a : b;
            Peer to = side == 0 ? b : a;
            from.send(dialect.signal(to.id(), sdp, side == 0, payload));
        }

        @Override
        public void onFrame(Peer peer, Dialect.Event event, String frame) {
            switch (event) {
                case SIGNAL -> onSignal(peer == a ? 1 : 0, frame);
                case READY -> {
                    if (dialect.needsJoin()) {
                        peer.send(dialect.join(lobby));
                    } else {
                        endReady();
                    }
                }
                case MATCHED_OFFERER, MATCHED_ANSWERER -> endReady();
                case ERROR -> errors.increment();
                default -> { }
            }
        }

        private void endReady() {
            if (++readyEnds == 2) {
                ready.tryComplete();
            }
        }

        private void onSignal(int senderSide, String frame) {
            long sentAt = Payloads.sentNanos(frame);
            if (measuring && sentAt > 0) {
                latency.record(System.nanoTime() - sentAt);
                delivered.increment();
            }
            if (running && !paced) {
                send(senderSide, System.nanoTime());
            }
        }

        @Override
        public void onClosed(Peer peer) {
            if (running && !peer.closing()) {
                errors.increment();
            }
            ready.tryFail("closed during set-up");
        }
    }
}
