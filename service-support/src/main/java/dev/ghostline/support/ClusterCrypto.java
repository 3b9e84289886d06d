package dev.ghostline.support;

import dev.ghostline.protocol.crypto.ClusterSecret;
import dev.ghostline.protocol.crypto.MatchTickets;
import dev.ghostline.protocol.crypto.SessionTokens;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** CDI producers for the protocol's crypto, keyed by the cluster secret. */
public final class ClusterCrypto {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    ClusterSecret clusterSecret(ClusterConfig config) {
        return ClusterSecret.of(config.secret());
    }

    @Produces
    @Singleton
    SessionTokens sessionTokens(ClusterSecret secret, Clock clock) {
        return new SessionTokens(secret, clock);
    }

    @Produces
    @Singleton
    MatchTickets matchTickets(ClusterSecret secret, Clock clock) {
        return new MatchTickets(secret, clock);
    }
}
