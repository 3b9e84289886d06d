package dev.ghostline.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Clients arrive at a steady rate, say hello, join one shared lobby, and for each match run a short handshake
 * (offer; answer and two candidates; two candidates), after which the offerer presses {@code next} and the
 * answerer, told {@code peer-left}, joins again. After {@code rounds} matches a client says {@code bye}. So
 * joins per second (join plus next) = arrivals per second × rounds. Time to match: from sending join or next
 * to receiving {@code matched}.
 */
public final class ChurnScenario {
    private static final String LOBBY = "churn";

    private final BenchArgs args;
    private final Vertx vertx;
    private final ClientPool clients;
    private final Dialect dialect;
    private final Payloads payloads;
    private final Recorder timeToMatch = new Recorder();
    private final LongAdder joins = new LongAdder();
    private final LongAdder matches = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final Set<Peer> live = ConcurrentHashMap.newKeySet();
    private volatile boolean measuring;
    private volatile boolean running = true;

    public ChurnScenario(BenchArgs args, Vertx vertx, ClientPool clients) {
        if (args.dialect() != Dialect.Kind.GHOSTLINE) {
            throw new IllegalArgumentException("churn needs matching: Ghostline only");
        }
        this.args = args;
        this.vertx = vertx;
        this.clients = clients;
        this.dialect = Dialect.of(args.dialect());
        this.payloads = new Payloads(args.sdpBytes(), args.candidateBytes());
    }

    public Result run() {
        double arrivalsPerSecond = (double) args.joinsPerSecond() / args.rounds();
        long gapNanos = (long) (1e9 / arrivalsPerSecond);
        long begin = System.nanoTime();
        long warmupEnd = begin + TimeUnit.SECONDS.toNanos(args.warmupSeconds());
        long end = warmupEnd + TimeUnit.SECONDS.toNanos(args.durationSeconds());
        double cpuBefore = 0;
        long next = begin;
        int index = 0;
        while (true) {
            long now = System.nanoTime();
            if (!measuring && now >= warmupEnd) {
                cpuBefore = ProcStats.cpuSeconds(args.serverPids());
                measuring = true;
            }
            if (now >= end) {
                break;
            }
            while (next <= now) {
                arrive(index++);
                next += gapNanos;
            }
            LockSupport.parkNanos(Math.min(next, end) - now);
        }
        measuring = false;
        double seconds = args.durationSeconds();
        double cpu = ProcStats.cpuSeconds(args.serverPids()) - cpuBefore;
        running = false;
        Histogram histogram = timeToMatch.snapshot();
        return new Result(args.system(), "churn")
                .put("target_joins_per_s", args.joinsPerSecond()).put("rounds", args.rounds())
                .put("joins_per_s", joins.sum() / seconds)
                .put("matches_per_s", matches.sum() / seconds)
                .put("ttm_p50_ms", histogram.valueAtPercentile(50) / 1e6)
                .put("ttm_p99_ms", histogram.valueAtPercentile(99) / 1e6)
                .put("ttm_max_ms", histogram.max() / 1e6)
                .put("errors", errors.sum())
                .put("server_cpu_pct", 100.0 * cpu / seconds);
    }

    public void stop() {
        running = false;
        live.forEach(peer -> peer.context().runOnContext(v -> peer.close()));
    }

    private void arrive(int index) {
        vertx.getOrCreateContext().runOnContext(v -> {
            Client client = new Client();
            Peer peer = new Peer("c" + index, dialect, client);
            Future<Peer> opened = peer.open(clients.next(), args.urlFor(index % args.urls().size()), args.origin(), "");
            opened.onSuccess(live::add).onFailure(e -> errors.increment());
        });
    }

    /** One churning client; runs on its peer's context. */
    private final class Client implements Peer.Listener {
        long askedAt;
        boolean offerer;
        int received;
        int rounds;

        @Override
        public void onFrame(Peer peer, Dialect.Event event, String frame) {
            switch (event) {
                case READY -> ask(peer, dialect.join(LOBBY));
                case MATCHED_OFFERER, MATCHED_ANSWERER -> matched(peer, event == Dialect.Event.MATCHED_OFFERER);
                case SIGNAL -> signal(peer);
                case PEER_LEFT -> finishRound(peer, dialect.join(LOBBY));
                case ERROR -> errors.increment();
                default -> { }
            }
        }

        private void ask(Peer peer, String frame) {
            askedAt = System.nanoTime();
            peer.send(frame);
            if (measuring) {
                joins.increment();
            }
        }

        private void matched(Peer peer, boolean isOfferer) {
            if (measuring) {
                timeToMatch.record(System.nanoTime() - askedAt);
                matches.increment();
            }
            offerer = isOfferer;
            received = 0;
            if (offerer) {
                peer.send(dialect.signal("", true, true, payloads.sdp(System.nanoTime())));
            }
        }

        private void signal(Peer peer) {
            received++;
            if (!offerer && received == 1) {
                peer.send(dialect.signal("", true, false, payloads.sdp(System.nanoTime())));
                sendCandidates(peer);
            } else if (offerer && received == 1) {
                sendCandidates(peer);
            } else if (offerer && received == 3) {
                finishRound(peer, "{\"type\":\"next\"}");
            }
        }

        private void sendCandidates(Peer peer) {
            peer.send(dialect.signal("", false, offerer, payloads.candidate(System.nanoTime())));
            peer.send(dialect.signal("", false, offerer, payloads.candidate(System.nanoTime())));
        }

        private void finishRound(Peer peer, String again) {
            if (++rounds < args.rounds() && running) {
                ask(peer, again);
            } else {
                live.remove(peer);
                peer.send("{\"type\":\"bye\"}");
                peer.close();
            }
        }

        @Override
        public void onClosed(Peer peer) {
            live.remove(peer);
            if (running && !peer.closing()) {
                errors.increment();
            }
        }
    }
}
