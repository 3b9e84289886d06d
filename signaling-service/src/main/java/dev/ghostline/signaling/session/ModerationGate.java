package dev.ghostline.signaling.session;

/**
 * What the session layer asks of moderation before it lets a client in, back or into a new match. Implemented
 * by the moderation layer, which knows the decisions; the session layer does not know who implements it.
 */
public interface ModerationGate {

    /**
     * False until this pod has applied every decision the moderation stream held when the pod subscribed:
     * before that it cannot tell a revoked token or a blocked address, so it must not start or resume sessions.
     */
    boolean knowsEveryDecision();

    /** False for a token of a revoked session: it is refused on every pod until it would have expired. */
    boolean admitsResume(String sessionId);

    /** False while the connection's address is blocked. Resumes of other sessions from it are not affected. */
    boolean admitsNewSession(ClientConnection connection);

    /**
     * False while the session's network is blocked: it may keep a call it has, but not start a new match
     * ({@code join}, {@code next}, a room seat), on whichever pod it resumes.
     */
    boolean admitsNewMatch(Session session);

    /**
     * A session about to be resumed from {@code connection}: when it waits and that network is blocked, the
     * wait ends before it is announced again, and the client hears why after its welcome.
     */
    void stopWaitIfBlocked(Session session, ClientConnection connection);
}
