package dev.ghostline.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Starts many asynchronous set-ups (connect, hello, join...) with a bounded number in progress, each on a
 * fresh context so the work spreads over every event loop, and waits for all of them.
 */
public final class Ramp {
    private final Vertx vertx;
    private final int inProgress;
    private final long timeoutMillis;

    public Ramp(Vertx vertx, int inProgress, long timeoutMillis) {
        this.vertx = vertx;
        this.inProgress = inProgress;
        this.timeoutMillis = timeoutMillis;
    }

    /** Runs {@code task(i)} for i in [0, count); returns how many failed or did not finish in time. */
    public int run(int count, IntFunction<Future<?>> task) throws InterruptedException {
        Semaphore slots = new Semaphore(inProgress);
        AtomicInteger failures = new AtomicInteger();
        for (int i = 0; i < count; i++) {
            slots.acquire();
            int index = i;
            Context context = vertx.getOrCreateContext();
            context.runOnContext(v -> {
                long timer = vertx.setTimer(timeoutMillis, t -> {
                    failures.incrementAndGet();
                    slots.release();
                });
                Future<?> started;
                try {
                    started = task.apply(index);
                } catch (RuntimeException e) {
                    started = Future.failedFuture(e);
                }
                started.onComplete(result -> {
                    if (vertx.cancelTimer(timer)) {
                        if (result.failed()) {
                            failures.incrementAndGet();
                        }
                        slots.release();
                    }
                });
            });
        }
        if (!slots.tryAcquire(inProgress, timeoutMillis + 10_000, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("set-up did not finish");
        }
        return failures.get();
    }
}
