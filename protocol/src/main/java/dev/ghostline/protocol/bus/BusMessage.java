package dev.ghostline.protocol.bus;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.ghostline.protocol.moderation.ReportReason;
import dev.ghostline.protocol.wire.ErrorCode;
import dev.ghostline.protocol.wire.JoinMode;
import dev.ghostline.protocol.wire.PeerLeftReason;
import dev.ghostline.protocol.wire.Role;
import java.util.List;

/**
 * Messages between Ghostline services over NATS. Encoded only by {@link BusCodec}. Session ids appear here
 * (they are routing addresses) but tokens, IP addresses and client payloads other than relayed frames never do.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = BusMessage.Matched.class, name = "matched"),
    @JsonSubTypes.Type(value = BusMessage.PeerLeft.class, name = "peer-left"),
    @JsonSubTypes.Type(value = BusMessage.PeerMoved.class, name = "peer-moved"),
    @JsonSubTypes.Type(value = BusMessage.JoinRejected.class, name = "join-rejected"),
    @JsonSubTypes.Type(value = BusMessage.Claim.class, name = "claim"),
    @JsonSubTypes.Type(value = BusMessage.Handover.class, name = "handover"),
    @JsonSubTypes.Type(value = BusMessage.Locate.class, name = "locate"),
    @JsonSubTypes.Type(value = BusMessage.Located.class, name = "located"),
    @JsonSubTypes.Type(value = BusMessage.Replay.class, name = "replay"),
    @JsonSubTypes.Type(value = BusMessage.Replayed.class, name = "replayed"),
    @JsonSubTypes.Type(value = BusMessage.WaitBatch.class, name = "wait"),
    @JsonSubTypes.Type(value = BusMessage.CancelBatch.class, name = "cancel"),
    @JsonSubTypes.Type(value = BusMessage.Heartbeat.class, name = "heartbeat"),
    @JsonSubTypes.Type(value = BusMessage.SessionRevoked.class, name = "session-revoked"),
    @JsonSubTypes.Type(value = BusMessage.AddressBlocked.class, name = "address-blocked")
})
public sealed interface BusMessage {

    /**
     * A server frame for the partner, already encoded; {@code from} must be the receiver's current partner.
     * {@code seq} numbers the match's signals in this direction from 1 (0 from a pod that does not number
     * them); {@code clientSeq} is the sender's own number for it, 0 when it sent none.
     */
    record Relay(String from, long seq, long clientSeq, String frame) implements BusMessage {
    }

    /** One relayed signal as its sender's pod keeps it for a replay. */
    record SignalFrame(long seq, long clientSeq, String frame) {
    }

    /**
     * Request to the pod of {@code from}'s partner: send again the partner's signals of match {@code matchId}
     * after {@code after}. Answered with {@link Replayed}. {@code acknowledged}: the client itself said it has
     * everything up to {@code after} (a resume's {@code lastSeq}), so the partner's pod may forget those; a
     * request from a pod that only saw a gap acknowledges nothing, since its client may not have them.
     */
    record Replay(String from, String matchId, long after, boolean acknowledged) implements BusMessage {
    }

    /**
     * The signals kept after the requested one, in order. {@code complete} is false when some after it are gone
     * (more was sent than the pod keeps), so the receiver cannot be made whole.
     */
    record Replayed(List<SignalFrame> frames, boolean complete) implements BusMessage {
        public Replayed {
            frames = List.copyOf(frames);
        }
    }

    /** Matchmaker to a session: you are matched. Sent to both parties, each with its own view. */
    record Matched(String session, long joinSeq, MatchView match) implements BusMessage {
    }

    /**
     * A match as one party sees it. {@code partnerNetwork} (the partner's network hash, see
     * {@link dev.ghostline.protocol.crypto.AddressHashes#network}) stays inside the cluster: the pod adds it to the
     * session's recent partner networks when the match ends, and never shows it to the client.
     */
    record MatchView(String matchId, String partner, String partnerPod, Role role,
                     List<String> commonInterests, String ticket, String partnerNetwork) {
        public MatchView {
            commonInterests = List.copyOf(commonInterests);
        }
    }

    /** The partner ended match {@code matchId}. */
    record PeerLeft(String from, String matchId, PeerLeftReason reason) implements BusMessage {
    }

    /** The partner resumed on another pod; watch that pod's liveness from now on. */
    record PeerMoved(String from, String matchId, String pod) implements BusMessage {
    }

    /** Matchmaker to a session: the join with this sequence number was refused. */
    record JoinRejected(String session, long joinSeq, ErrorCode code) implements BusMessage {
    }

    /** Request to the pod holding a session: hand it over to {@code pod}. Answered with {@link Handover}. */
    record Claim(String pod) implements BusMessage {
    }

    /** Everything a pod knows about a session, for the pod that resumes it. */
    record Handover(SessionSnapshot snapshot) implements BusMessage {
    }

    /** Request to whoever is partnered with {@code session}. Answered with {@link Located}. */
    record Locate(String session) implements BusMessage {
    }

    /**
     * The match, as seen by the session that asked, and how far its signals got: {@code lastReceivedSeq} and
     * {@code lastReceivedClientSeq} are the last of its signals the partner's pod received, so its new pod
     * numbers on from there and its client re-sends the rest.
     */
    record Located(MatchView match, long lastReceivedSeq, long lastReceivedClientSeq) implements BusMessage {
    }

    /** Pod to matchmaker: these sessions wait (or, for rooms, hold their room). */
    record WaitBatch(String pod, List<WaitEntry> entries) implements BusMessage {
        public WaitBatch {
            entries = List.copyOf(entries);
        }
    }

    /**
     * One waiting session. {@code joinSeq} grows with every join and next, so the matchmaker can tell a
     * stale refresh from a new wait. {@code paired} is true for a matched room session keeping its room.
     * {@code network} is the keyed hash of the network the client connects from, and {@code avoidNetworks}
     * those of its recent partners ({@link dev.ghostline.protocol.crypto.AddressHashes#network}): the
     * matchmaker never pairs a session with a recent partner's network, and pairs two sessions of one network
     * only when nobody else fits. Null or empty from pods that do not send them.
     */
    record WaitEntry(String session, long joinSeq, JoinMode mode, String lobby, List<String> interests,
                     String room, List<String> avoid, long waitingSinceMillis, boolean paired,
                     String network, List<String> avoidNetworks) {
        public WaitEntry {
            interests = interests == null ? List.of() : List.copyOf(interests);
            avoid = avoid == null ? List.of() : List.copyOf(avoid);
            avoidNetworks = avoidNetworks == null ? List.of() : List.copyOf(avoidNetworks);
        }
    }

    /** Pod to matchmaker: these sessions stopped waiting (or left their room). */
    record CancelBatch(String pod, List<CancelEntry> entries) implements BusMessage {
        public CancelBatch {
            entries = List.copyOf(entries);
        }
    }

    /** The session stopped waiting as of {@code joinSeq}. */
    record CancelEntry(String session, long joinSeq) {
    }

    /** Pod liveness. */
    record Heartbeat(String pod) implements BusMessage {
    }

    /**
     * Moderation to everyone, on the JetStream stream: end {@code session} now and refuse its token until
     * {@code untilEpochSecond} (when any token of it would have expired).
     */
    record SessionRevoked(String session, ReportReason reason, long untilEpochSecond) implements BusMessage {
    }

    /**
     * The pod that held a revoked session to every pod: refuse new sessions whose address hashes to
     * {@code addressHash} (see {@link dev.ghostline.protocol.crypto.AddressHashes}) until {@code untilEpochSecond}.
     */
    record AddressBlocked(String addressHash, long untilEpochSecond) implements BusMessage {
    }
}
