package dev.ghostline.protocol.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** A frame sent by the signaling service. Encoded only by {@link WireCodec#encode}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ServerMessage.Welcome.class, name = "welcome"),
    @JsonSubTypes.Type(value = ServerMessage.IceServers.class, name = "ice-servers"),
    @JsonSubTypes.Type(value = ServerMessage.Queued.class, name = "queued"),
    @JsonSubTypes.Type(value = ServerMessage.Matched.class, name = "matched"),
    @JsonSubTypes.Type(value = ServerMessage.Signal.class, name = "signal"),
    @JsonSubTypes.Type(value = ServerMessage.PeerLeft.class, name = "peer-left"),
    @JsonSubTypes.Type(value = ServerMessage.Error.class, name = "error"),
    @JsonSubTypes.Type(value = ServerMessage.Revoked.class, name = "revoked"),
    @JsonSubTypes.Type(value = ServerMessage.Reconnect.class, name = "reconnect")
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface ServerMessage {

    /**
     * Answer to {@code hello}: the session token to keep (in memory only), ICE servers with their transport
     * policy for RTCConfiguration, and the limits in force. {@code lastSentSeq}, only on a resume into a match:
     * the highest {@code seq} of the client's own signals relayed in it (null otherwise, and then left out).
     */
    record Welcome(String token, boolean resumed, List<IceServer> iceServers, IceTransportPolicy iceTransportPolicy,
                   Limits limits, Long lastSentSeq) implements ServerMessage {
    }

    /** Answer to {@code refresh-ice}: ICE servers with fresh TURN credentials. */
    record IceServers(List<IceServer> iceServers, IceTransportPolicy iceTransportPolicy) implements ServerMessage {
    }

    /** One entry of RTCConfiguration.iceServers. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record IceServer(List<String> urls, String username, String credential) {
    }

    /** Limits the client must respect; breaking one costs an error or a close. */
    record Limits(int maxFrameBytes, int maxSignalBytes, int messagesPerSecond, int burst,
                  int resumeWindowSeconds, int maxInterests) {
    }

    /** The join was accepted and the session waits for a partner. */
    record Queued(JoinMode mode, String lobby) implements ServerMessage {
    }

    /**
     * A partner was found. {@code ticket} proves the match to the moderation API. After a resume the same
     * {@code matchId} is sent again: the match goes on.
     */
    record Matched(String matchId, Role role, List<String> commonInterests, String ticket) implements ServerMessage {
    }

    /**
     * Handshake data from the partner; {@code payload} is the partner's JSON object, verbatim. {@code seq} counts
     * the signals of the match in this direction from 1 (0 from a server that does not number them).
     */
    @JsonPropertyOrder({"seq", "payload"})
    record Signal(long seq, @JsonRawValue String payload) implements ServerMessage {
    }

    /** The partner is gone; the session is idle and may join again. */
    record PeerLeft(PeerLeftReason reason) implements ServerMessage {
    }

    /** Something the client sent was refused. The connection stays open unless a close follows. */
    record Error(ErrorCode code, String message) implements ServerMessage {
    }

    /** The session was revoked by moderation; a close with 4003 follows. */
    record Revoked() implements ServerMessage {
    }

    /**
     * The pod is going away: reconnect to the same address after {@code afterMs} and resume with the token.
     * A close with 1001 follows. The delay is spread over the pod's clients so they do not all arrive at once.
     */
    record Reconnect(long afterMs) implements ServerMessage {
    }
}
