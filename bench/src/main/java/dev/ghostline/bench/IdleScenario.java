package dev.ghostline.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * N sessions that only stay alive (answering the server's pings, or sending the dialect's heartbeat). The
 * server's resident memory is read after a GC before any connection and again once all are welcomed;
 * the difference divided by N is the memory a session costs. CPU is the server's over the idle period.
 */
public final class IdleScenario {
    private static final long KEEP_ALIVE_MILLIS = 25_000;

    private final BenchArgs args;
    private final Vertx vertx;
    private final ClientPool clients;
    private final Dialect dialect;
    private final Set<Peer> live = ConcurrentHashMap.newKeySet();
    private final LongAdder errors = new LongAdder();
    /** Sessions that were up and then closed while the scenario ran. */
    private final LongAdder dropped = new LongAdder();
    private volatile boolean running = true;

    public IdleScenario(BenchArgs args, Vertx vertx, ClientPool clients) {
        this.args = args;
        this.vertx = vertx;
        this.clients = clients;
        this.dialect = Dialect.of(args.dialect());
    }

    public Result run() throws InterruptedException {
        long pid = args.serverPids().get(0);
        ClassHistogram before = settle(pid);
        long baseline = ProcStats.residentKiB(pid);
        // Keep-alives start before the ramp: on a slow ramp the first sessions would otherwise pass a server's
        // liveness timeout (PeerJS: 90 s without a heartbeat) before the last ones are open.
        long timer = keepAlive();
        int failed = new Ramp(vertx, 500, 60_000).run(args.sessions(), this::open);
        errors.add(failed);
        int sessions = live.size();
        ClassHistogram after = settle(pid);
        long loaded = ProcStats.residentKiB(pid);
        double cpuBefore = ProcStats.cpuSeconds(args.serverPids());
        long start = System.nanoTime();
        Thread.sleep(args.idleSeconds() * 1000L);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = ProcStats.cpuSeconds(args.serverPids()) - cpuBefore;
        vertx.cancelTimer(timer);
        running = false;
        writeHistogram(before, after, sessions);
        return new Result(args.system(), "idle")
                .put("sessions", sessions)
                .put("rss_base_mib", baseline / 1024.0)
                .put("rss_mib", loaded / 1024.0)
                .put("kib_per_session", sessions == 0 ? Double.NaN : (double) (loaded - baseline) / sessions)
                .put("server_cpu_pct", 100.0 * cpu / seconds)
                .put("errors", errors.sum() + dropped.sum())
                .put("source_addresses", clients.addresses());
    }

    public void stop() {
        running = false;
        live.forEach(peer -> peer.context().runOnContext(v -> peer.close()));
    }

    private Future<Void> open(int index) {
        Promise<Void> ready = Promise.promise();
        Peer.Listener listener = new Peer.Listener() {
            @Override
            public void onFrame(Peer peer, Dialect.Event event, String frame) {
                if (event == Dialect.Event.READY && !ready.future().isComplete()) {
                    // Counted before the set-up completes, so the count read after the ramp is whole.
                    live.add(peer);
                    ready.tryComplete();
                } else if (event == Dialect.Event.ERROR) {
                    errors.increment();
                }
            }

            @Override
            public void onClosed(Peer peer) {
                if (live.remove(peer) && running && !peer.closing()) {
                    dropped.increment();
                }
                ready.tryFail("closed");
            }
        };
        // Pairs for the bare relay, which only says "paired" once both ends are there.
        String pairKey = "i" + index / 2;
        Peer peer = new Peer("i" + index + "x" + Long.toString(System.nanoTime() % 1_000_000L, 36), dialect, listener);
        return peer.open(clients.next(), args.urlFor(0), args.origin(), pairKey)
                .compose(p -> ready.future());
    }

    private long keepAlive() {
        String frame = dialect.keepAlive();
        if (frame == null) {
            return -1;
        }
        return vertx.setPeriodic(KEEP_ALIVE_MILLIS, t -> live.forEach(peer -> peer.send(frame)));
    }

    /** A full GC and a short settle so the RSS reading is not dominated by garbage (JVM servers only). */
    private ClassHistogram settle(long pid) throws InterruptedException {
        if (!args.jvmServer()) {
            Thread.sleep(3000);
            return null;
        }
        Jcmd.run(pid, "GC.run");
        Thread.sleep(3000);
        return args.classHistogramOut() == null ? null : ClassHistogram.parse(Jcmd.run(pid, "GC.class_histogram"));
    }

    private void writeHistogram(ClassHistogram before, ClassHistogram after, int sessions) {
        if (before == null || after == null || sessions == 0) {
            return;
        }
        try {
            Files.writeString(Path.of(args.classHistogramOut()), after.minus(before).perSessionTable(sessions, 12));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the class histogram", e);
        }
    }
}
