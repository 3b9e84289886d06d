package dev.ghostline.signaling.ice;

import dev.ghostline.protocol.crypto.TurnCredentials;
import dev.ghostline.protocol.wire.IceTransportPolicy;
import dev.ghostline.protocol.wire.ServerMessage;
import dev.ghostline.signaling.SignalingConfig;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The ICE servers a client gets, with TURN credentials minted fresh for each ask. */
@Singleton
public class IceServerSource {
    private final List<String> stunUrls;
    private final List<String> turnUrls;
    private final SignalingConfig.Ice config;
    private final Optional<TurnCredentials> turn;

    public IceServerSource(SignalingConfig signaling, Clock clock) {
        this.config = signaling.ice();
        this.stunUrls = config.stunUrls().orElse(List.of());
        this.turnUrls = config.turnUrls().orElse(List.of());
        if (!turnUrls.isEmpty() && config.turnSecret().isEmpty()) {
            throw new IllegalStateException("ghostline.signaling.ice.turn-urls needs ghostline.signaling.ice.turn-secret");
        }
        this.turn = turnUrls.isEmpty() ? Optional.empty()
                : Optional.of(new TurnCredentials(config.turnSecret().get(), clock));
    }

    /** STUN, then TURN with a new credential; relay-only clients get the TURN servers alone. */
    public ServerMessage.IceServers refreshed(boolean relayOnly) {
        List<ServerMessage.IceServer> servers = new ArrayList<>();
        if (!relayOnly && !stunUrls.isEmpty()) {
            servers.add(new ServerMessage.IceServer(stunUrls, null, null));
        }
        turn.ifPresent(credentials -> {
            TurnCredentials.Credential credential = credentials.issue(config.turnTtl());
            servers.add(new ServerMessage.IceServer(turnUrls, credential.username(), credential.password()));
        });
        return new ServerMessage.IceServers(servers, relayOnly ? IceTransportPolicy.RELAY : IceTransportPolicy.ALL);
    }
}
