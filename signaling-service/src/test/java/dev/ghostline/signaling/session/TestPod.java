package dev.ghostline.signaling.session;

import dev.ghostline.protocol.crypto.ClusterSecret;
import dev.ghostline.protocol.crypto.SessionTokens;
import dev.ghostline.protocol.wire.WireCodec;
import dev.ghostline.protocol.wire.WireValidator;
import dev.ghostline.signaling.SignalingConfig;
import dev.ghostline.signaling.SignalingMetrics;
import dev.ghostline.signaling.bus.PodIdentity;
import dev.ghostline.signaling.bus.PodLiveness;
import dev.ghostline.signaling.ice.IceServerSource;
import dev.ghostline.signaling.limits.SessionsPerAddress;
import dev.ghostline.signaling.limits.TokenBucket;
import dev.ghostline.signaling.testing.TestConfigs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;

/**
 * A signaling pod's session core, assembled by hand as CDI would, without Quarkus or NATS: the pod's real
 * classes over a {@link FakeNetwork}, a test clock and a moderation gate the test sets.
 */
final class TestPod {
    static final ClusterSecret SECRET = ClusterSecret.of("test-cluster-secret-0123456789abcdef");
    static final WireCodec CODEC = new WireCodec(new WireValidator(16384));

    final String id;
    final FakeNetwork.PodBus bus;
    final SessionRegistry registry = new SessionRegistry();
    final TestGate gate = new TestGate();
    final SessionLifecycle lifecycle;
    final Matching matching;
    final Relay relay;
    final SessionInbox inbox;
    final SessionService service;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SignalingConfig config;
    private final Clock clock;

    TestPod(String id, FakeNetwork network, Clock clock, Map<String, String> settings) {
        this.id = id;
        this.clock = clock;
        this.bus = network.attach();
        this.config = TestConfigs.signaling(settings);
        PodIdentity pod = new PodIdentity(id);
        PodLiveness liveness = new PodLiveness();
        Replies replies = new Replies(CODEC, new SignalingMetrics(meters));
        SessionTokens tokens = new SessionTokens(SECRET, clock);
        this.matching = new Matching(bus, pod, liveness, replies, clock);
        this.relay = new Relay(registry, bus, replies, new SignalingMetrics(meters), clock, config);
        this.lifecycle = new SessionLifecycle(registry, matching, relay, bus, tokens, replies, config,
                new IceServerSource(config, clock), new SessionsPerAddress(config.maxSessionsPerAddress()), clock);
        this.inbox = new SessionInbox(registry, matching, lifecycle, relay, bus, pod);
        bus.open(inbox);
        Resumer resumer = new Resumer(registry, lifecycle, bus, pod, liveness, replies, clock, gate, config);
        SessionOpener opener = new SessionOpener(lifecycle, resumer, tokens, replies, gate,
                new PodDrain(registry, replies, clock, config));
        this.service = new SessionService(registry, lifecycle, matching, relay, opener,
                new IceServerSource(config, clock), CODEC, replies, gate, config);
    }

    TestPod(String id, FakeNetwork network, Clock clock) {
        this(id, network, clock, Map.of());
    }

    /** A new WebSocket from {@code address}, whose network is {@code network} (a 32-hex keyed hash). */
    TestClient connect(String address, String network) {
        TestClient.RecordingChannel channel = new TestClient.RecordingChannel();
        ClientConnection connection = new ClientConnection(channel, address, network,
                new TokenBucket(1000, 1000, System.nanoTime()), 100, 20, System.nanoTime());
        registry.opened(connection);
        return new TestClient(this, connection, channel);
    }

    /** The one session this pod holds with that id, or null. */
    Session session(String sessionId) {
        return registry.find(sessionId).orElse(null);
    }

    /** A moderation gate that admits everything until the test says otherwise. */
    static final class TestGate implements ModerationGate {
        boolean caughtUp = true;
        boolean admitsNewMatch = true;

        @Override
        public boolean knowsEveryDecision() {
            return caughtUp;
        }

        @Override
        public boolean admitsResume(String sessionId) {
            return true;
        }

        @Override
        public boolean admitsNewSession(ClientConnection connection) {
            return true;
        }

        @Override
        public boolean admitsNewMatch(Session session) {
            return admitsNewMatch;
        }

        @Override
        public void stopWaitIfBlocked(Session session, ClientConnection connection) {
        }
    }
}
