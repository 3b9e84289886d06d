package dev.ghostline.protocol.wire;

import java.util.List;

/**
 * A frame sent by a browser. Built only by {@link WireCodec#decodeClient}, so every instance has
 * passed {@link WireValidator}: fields are present, normalised and within their limits.
 */
public sealed interface ClientMessage {

    /** {@link Hello#lastSeq} or {@link Signal#seq} when the client sent none. */
    long NO_SEQ = -1;

    /**
     * First frame of every connection. {@code token} resumes an earlier session; null starts a new one.
     * {@code relayOnly} asks to hide the client's IP address from the partner: all media through TURN.
     * {@code lastSeq}: the last signal {@code seq} the client received in its current match, or {@link #NO_SEQ}.
     */
    record Hello(String token, boolean relayOnly, long lastSeq) implements ClientMessage {
    }

    /** Fresh TURN credentials for a long session, before the ones from {@code welcome} expire. */
    record RefreshIce() implements ClientMessage {
    }

    /**
     * Ask to be matched. Random mode: {@code lobby} and up to {@link WireValidator#MAX_INTERESTS} interests,
     * {@code room} null. Room mode: {@code room} only (a hash the clients derive from a shared code).
     */
    record Join(JoinMode mode, String lobby, List<String> interests, String room) implements ClientMessage {
        public Join {
            interests = interests == null ? List.of() : List.copyOf(interests);
        }
    }

    /**
     * WebRTC handshake data for the partner. {@code payload} is the raw JSON object text, relayed verbatim.
     * {@code seq}: the client's own count of its signals in this match (≥ 1), or {@link #NO_SEQ}.
     */
    record Signal(String payload, long seq) implements ClientMessage {
    }

    /** End the current match (or wait) and be matched with someone new, never a recent partner. */
    record Next() implements ClientMessage {
    }

    /** Stop waiting or end the current match; the session stays open. */
    record Leave() implements ClientMessage {
    }

    /** End the session. The server closes the connection with 1000. */
    record Bye() implements ClientMessage {
    }
}
