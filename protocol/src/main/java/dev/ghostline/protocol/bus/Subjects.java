package dev.ghostline.protocol.bus;

/**
 * Every NATS subject Ghostline uses. docs/architecture.md shows who publishes and who subscribes.
 * Session ids are 32 hex characters, so they are always a single, safe subject token.
 */
public final class Subjects {
    /** Everything addressed to one session, held by the pod that serves it: relays, matches, claims. */
    public static final String SESSION_PREFIX = "gl.session.";
    /** Held by the pod whose session is partnered with the named session; answers {@link BusMessage.Locate}. */
    public static final String PARTNER_OF_PREFIX = "gl.partner.";
    /** Pods to matchmaker: sessions that wait (on join, and refreshed periodically as soft state). */
    public static final String MATCHMAKER_WAIT = "gl.mm.wait";
    /** Pods to matchmaker: sessions that stopped waiting. */
    public static final String MATCHMAKER_CANCEL = "gl.mm.cancel";
    /** Pods to pods: liveness, so a partner on a dead pod is noticed. */
    public static final String POD_HEARTBEAT = "gl.pod.heartbeat";

    private Subjects() {
    }

    public static String session(String sessionId) {
        return SESSION_PREFIX + sessionId;
    }

    public static String partnerOf(String sessionId) {
        return PARTNER_OF_PREFIX + sessionId;
    }

    /** The session id in a {@link #session} subject. */
    public static String sessionIdOf(String subject) {
        return subject.substring(SESSION_PREFIX.length());
    }
}
