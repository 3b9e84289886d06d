package dev.ghostline.matchmaker.leader;

import java.util.OptionalLong;

/** Runs an election that drives a {@link Leadership}. */
public interface LeaderElection extends AutoCloseable {

    void start();

    /** Gives up leadership at once (a lease is released, not left to expire) and stops taking part. */
    @Override
    void close();

    /** Milliseconds since this election last tried to acquire or renew; empty when it has nothing to renew. */
    default OptionalLong lastActivityAgeMillis() {
        return OptionalLong.empty();
    }

    /** This instance leads from start to close: one replica, local runs, tests. */
    static LeaderElection fixed(Leadership leadership) {
        return new LeaderElection() {
            @Override
            public void start() {
                leadership.elected();
            }

            @Override
            public void close() {
                leadership.stop();
            }
        };
    }
}
