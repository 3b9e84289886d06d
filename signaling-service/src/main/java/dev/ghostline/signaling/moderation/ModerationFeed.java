package dev.ghostline.signaling.moderation;

import dev.ghostline.protocol.bus.BusCodec;
import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.moderation.ModerationStream;
import dev.ghostline.support.ModerationStreamSetup;
import dev.ghostline.support.NatsConfig;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Reads the moderation stream from its first message and then follows it, feeding {@link Enforcement}. A pod is
 * not ready until it has read everything the stream held when it subscribed, so a pod started after a
 * revocation enforces it from its first connection. Also publishes this pod's address blocks to the stream.
 */
@ApplicationScoped
public class ModerationFeed {
    private static final Logger LOG = Logger.getLogger(ModerationFeed.class);
    private static final long RETRY_MILLIS = 1000;
    private static final long SWEEP_SECONDS = 1;

    private final Connection nats;
    private final NatsConfig natsConfig;
    private final Enforcement enforcement;
    private final BusCodec codec = new BusCodec();
    private ScheduledExecutorService starter;
    private Dispatcher dispatcher;
    private volatile JetStream jetStream;
    private volatile long replayUntilSequence = Long.MAX_VALUE;
    private volatile boolean caughtUp;

    ModerationFeed(Connection nats, NatsConfig natsConfig, Enforcement enforcement) {
        this.nats = nats;
        this.natsConfig = natsConfig;
        this.enforcement = enforcement;
    }

    void start(@Observes StartupEvent event) {
        starter = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "ghostline-moderation-feed"));
        starter.execute(this::subscribe);
        starter.scheduleAtFixedRate(this::sweep, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
    }

    private void sweep() {
        try {
            enforcement.sweep();
        } catch (RuntimeException e) {
            LOG.warnf("moderation sweep failed: %s", e.getClass().getSimpleName());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        starter.shutdownNow();
        if (dispatcher != null) {
            nats.closeDispatcher(dispatcher);
        }
    }

    /** True once every decision made before this pod subscribed has been applied. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Publishes a block so every pod, including pods not yet started, refuses the address hash. */
    public void publish(BusMessage.AddressBlocked block) {
        JetStream stream = jetStream;
        if (stream == null) {
            LOG.warn("an address block could not be published: the moderation stream is not reachable yet");
            return;
        }
        stream.publishAsync(ModerationStream.BLOCKED, codec.encode(block)).whenComplete((ack, failure) -> {
            if (failure != null) {
                LOG.warnf("an address block could not be published: %s", failure.getClass().getSimpleName());
            }
        });
    }

    private void subscribe() {
        try {
            ModerationStreamSetup.ensure(nats, natsConfig.streamReplicas());
            long last = nats.jetStreamManagement().getStreamInfo(ModerationStream.NAME)
                    .getStreamState().getLastSequence();
            replayUntilSequence = last;
            caughtUp = last == 0;
            JetStream stream = nats.jetStream();
            dispatcher = nats.createDispatcher();
            PushSubscribeOptions options = PushSubscribeOptions.builder().ordered(true)
                    .configuration(ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.All).build())
                    .build();
            JetStreamSubscription subscription =
                    stream.subscribe(ModerationStream.SUBJECTS, dispatcher, this::onMessage, false, options);
            jetStream = stream;
            LOG.infof("following the moderation stream (%d decisions to replay)", last);
            if (!subscription.isActive()) {
                throw new IllegalStateException("subscription inactive");
            }
        } catch (Exception e) {
            LOG.warnf("moderation stream not reachable yet (%s); retrying", e.getClass().getSimpleName());
            if (dispatcher != null) {
                nats.closeDispatcher(dispatcher);
                dispatcher = null;
            }
            starter.schedule(this::subscribe, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void onMessage(Message message) {
        try {
            BusMessage decoded = codec.decode(message.getData());
            if (decoded instanceof BusMessage.SessionRevoked revoked) {
                enforcement.revoked(revoked);
            } else if (decoded instanceof BusMessage.AddressBlocked blocked) {
                enforcement.blocked(blocked);
            }
        } catch (IllegalArgumentException e) {
            LOG.debug("dropped an undecodable moderation message");
        } finally {
            if (!caughtUp && message.isJetStream()
                    && message.metaData().streamSequence() >= replayUntilSequence) {
                caughtUp = true;
                LOG.info("moderation stream replayed");
            }
        }
    }
}
