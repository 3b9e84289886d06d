package dev.ghostline.signaling;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Everything a signaling pod can be told. Environment form: {@code GHOSTLINE_SIGNALING_RATE_BURST}, etc. */
@ConfigMapping(prefix = "ghostline.signaling")
public interface SignalingConfig {

    /** This pod's name on the bus. Defaults to a random id per start: a restarted pod is a new pod. */
    Optional<String> podId();

    /** Exact Origin values allowed to open a WebSocket, e.g. {@code https://chat.example.org}. */
    @WithDefault("http://localhost:8080,http://127.0.0.1:8080")
    List<String> allowedOrigins();

    /** Whether clients that send no Origin header (non-browsers) may connect. Browsers always send one. */
    @WithDefault("true")
    boolean allowMissingOrigin();

    /** Proxies (IPs or CIDRs) whose X-Forwarded-For is believed. Empty: the socket's peer is the client. */
    Optional<List<String>> trustedProxies();

    /**
     * Live sessions one client network (an IPv4 address, or an IPv6 /64) may hold on this pod; a new session
     * past it is refused with {@code too-many-sessions} and close 4010. Sessions resumed here from another pod
     * are always taken. Per pod: behind a balancer over k pods an address can hold up to k times this. Keep it
     * generous, since carrier-grade NAT puts many people behind one address.
     */
    @WithDefault("32")
    int maxSessionsPerAddress();

    /** Largest WebSocket message accepted; larger ones close the connection with 1009. */
    @WithDefault("32768")
    int maxFrameBytes();

    /** Largest {@code signal} payload, in UTF-8 bytes. */
    @WithDefault("16384")
    int maxSignalBytes();

    /**
     * Frames queued to one client and not yet written to its socket (counted in characters, which for JSON
     * frames is about bytes). A client past this is
     * not reading; it is closed with 4013 instead of growing the pod's memory.
     */
    @WithDefault("1048576")
    int maxSendBacklogBytes();

    /** Per-connection rate limit. */
    Rate rate();

    /** Protocol errors one connection may cause before it is closed with 4000. */
    @WithDefault("20")
    int maxErrors();

    /** Time a new connection has to send {@code hello} before it is closed with 4001. */
    @WithDefault("5s")
    Duration helloTimeout();

    /** A connection silent this long (no frame, no pong) is closed with 4008. */
    @WithDefault("60s")
    Duration idleTimeout();

    /** How long a dropped session waits for its client to resume before its partner is told. */
    @WithDefault("30s")
    Duration resumeWindow();

    /** Session token lifetime; at most 24h. */
    @WithDefault("12h")
    Duration tokenTtl();

    /** How often waiting sessions are re-announced to the matchmaker (soft state). */
    @WithDefault("2s")
    Duration refreshInterval();

    /** How often this pod announces it is alive. */
    @WithDefault("1s")
    Duration heartbeatInterval();

    /** A pod unheard for this long is presumed dead; its sessions' partners start the resume window. */
    @WithDefault("4s")
    Duration podDeadAfter();

    /** How many recent partners a session is never matched with again. */
    @WithDefault("5")
    int recentPartners();

    /** Frames kept for a detached session until it resumes; older ones are dropped past this. */
    @WithDefault("128")
    int pendingFrames();

    /** How long a pod waits for another pod to answer a claim or a locate during resume. */
    @WithDefault("2s")
    Duration resumeRequestTimeout();

    /**
     * On SIGTERM, how long the pod waits for its clients to resume on other pods before it exits. Keep it
     * below the Kubernetes termination grace period.
     */
    @WithDefault("25s")
    Duration drainTimeout();

    /** On SIGTERM, clients are told to reconnect after a random delay up to this, so they arrive spread out. */
    @WithDefault("3s")
    Duration drainSpread();

    /** ICE servers handed to clients. */
    Ice ice();

    /** Enforcement of moderation decisions. */
    Moderation moderation();

    interface Moderation {
        /**
         * How long new sessions from the address of a revoked session are refused. The address leaves the pod
         * only as a keyed hash whose key changes daily; at most 24h.
         */
        @WithDefault("1h")
        Duration blockTtl();
    }

    interface Ice {
        /** STUN URLs, e.g. {@code stun:turn.example.org:3478}. */
        Optional<List<String>> stunUrls();

        /**
         * TURN URLs sharing one credential, e.g. {@code turn:turn.example.org:3478?transport=udp},
         * {@code turn:turn.example.org:3478?transport=tcp}, {@code turns:turn.example.org:443?transport=tcp}.
         */
        Optional<List<String>> turnUrls();

        /**
         * coturn's {@code static-auth-secret} (≥ 32 characters), from the environment or a Kubernetes Secret
         * ({@code GHOSTLINE_SIGNALING_ICE_TURN_SECRET}). Required when TURN URLs are set.
         */
        Optional<String> turnSecret();

        /** Lifetime of a TURN credential; clients ask for fresh ones with {@code refresh-ice}. At most 1h. */
        @WithDefault("10m")
        Duration turnTtl();
    }

    interface Rate {
        /** Messages per second, sustained. */
        @WithDefault("20")
        int messagesPerSecond();

        /** Messages allowed at once; must fit a burst of ICE candidates. */
        @WithDefault("60")
        int burst();

        /** Messages dropped in a row by the rate limit before the connection is closed with 4029. */
        @WithDefault("100")
        int floodThreshold();
    }
}
