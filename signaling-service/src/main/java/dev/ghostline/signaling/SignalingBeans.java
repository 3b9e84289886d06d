package dev.ghostline.signaling;

import dev.ghostline.protocol.crypto.AddressHashes;
import dev.ghostline.protocol.crypto.ClusterSecret;
import dev.ghostline.protocol.wire.WireCodec;
import dev.ghostline.protocol.wire.WireValidator;
import dev.ghostline.signaling.limits.ClientAddressResolver;
import dev.ghostline.signaling.limits.SessionsPerAddress;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;

/** Plain protocol and domain objects, configured from {@link SignalingConfig}. */
public final class SignalingBeans {

    @Produces
    @Singleton
    WireCodec wireCodec(SignalingConfig config) {
        return new WireCodec(new WireValidator(config.maxSignalBytes()));
    }

    @Produces
    @Singleton
    AddressHashes addressHashes(ClusterSecret secret, Clock clock) {
        return new AddressHashes(secret, clock);
    }

    @Produces
    @Singleton
    SessionsPerAddress sessionsPerAddress(SignalingConfig config) {
        return new SessionsPerAddress(config.maxSessionsPerAddress());
    }

    @Produces
    @Singleton
    ClientAddressResolver clientAddressResolver(SignalingConfig config) {
        return new ClientAddressResolver(config.trustedProxies().orElse(List.of()));
    }
}
