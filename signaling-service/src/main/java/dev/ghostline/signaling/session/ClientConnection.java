package dev.ghostline.signaling.session;

import dev.ghostline.signaling.limits.TokenBucket;

/**
 * One WebSocket connection: its limits and, once welcomed, its session. The client address is held here,
 * in memory, for the life of the connection only.
 */
public final class ClientConnection {
    /** What to do with an incoming frame, given the rate limit. */
    public enum Admission { ACCEPT, DROP, DROP_AND_WARN, CLOSE_FLOODING }

    public enum Phase { AWAITING_HELLO, RESUMING, WELCOMED, CLOSED }

    private static final long WARN_EVERY_NANOS = 1_000_000_000L;

    private final ClientChannel channel;
    private final String clientAddress;
    private final String network;
    private final TokenBucket bucket;
    private final int floodThreshold;
    private final int maxErrors;
    private final long openedAtNanos;
    private volatile long lastActivityNanos;
    private int droppedInRow;
    private long lastWarnNanos = Long.MIN_VALUE;
    private int errors;
    private volatile Phase phase = Phase.AWAITING_HELLO;
    private volatile Session session;
    private volatile boolean relayOnly;

    /** {@code network}: the keyed hash of the client's network, null when its address is unknown. */
    public ClientConnection(ClientChannel channel, String clientAddress, String network, TokenBucket bucket,
                            int floodThreshold, int maxErrors, long nowNanos) {
        this.channel = channel;
        this.clientAddress = clientAddress;
        this.network = network;
        this.bucket = bucket;
        this.floodThreshold = floodThreshold;
        this.maxErrors = maxErrors;
        this.openedAtNanos = nowNanos;
        this.lastActivityNanos = nowNanos;
    }

    /** Called for every client frame, before it is parsed. */
    public synchronized Admission admit(long nowNanos) {
        lastActivityNanos = nowNanos;
        if (bucket.tryTake(nowNanos)) {
            droppedInRow = 0;
            return Admission.ACCEPT;
        }
        if (++droppedInRow >= floodThreshold) {
            return Admission.CLOSE_FLOODING;
        }
        if (nowNanos - lastWarnNanos >= WARN_EVERY_NANOS || lastWarnNanos == Long.MIN_VALUE) {
            lastWarnNanos = nowNanos;
            return Admission.DROP_AND_WARN;
        }
        return Admission.DROP;
    }

    /** Counts an error sent to the client; true once the connection has used up its allowance. */
    public synchronized boolean countError() {
        return ++errors >= maxErrors;
    }

    /** A pong or any other sign of life. */
    public void touch(long nowNanos) {
        lastActivityNanos = nowNanos;
    }

    public ClientChannel channel() {
        return channel;
    }

    public String clientAddress() {
        return clientAddress;
    }

    public String network() {
        return network;
    }

    public long openedAtNanos() {
        return openedAtNanos;
    }

    public long lastActivityNanos() {
        return lastActivityNanos;
    }

    public Phase phase() {
        return phase;
    }

    public synchronized void phase(Phase phase) {
        this.phase = phase;
    }

    public Session session() {
        return session;
    }

    /** The client asked to hide its address: its ICE policy is relay-only. */
    public boolean relayOnly() {
        return relayOnly;
    }

    public void relayOnly(boolean relayOnly) {
        this.relayOnly = relayOnly;
    }

    /**
     * Binds the session; false when the socket closed meanwhile (during a resume), so the caller detaches.
     * Atomic with {@link #phase(Phase)}: a close either sees the session or makes this return false.
     */
    public synchronized boolean welcomed(Session session) {
        this.session = session;
        if (phase == Phase.CLOSED) {
            return false;
        }
        phase = Phase.WELCOMED;
        return true;
    }
}
