package dev.ghostline.signaling.moderation;

import dev.ghostline.protocol.bus.BusCodec;
import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.moderation.ModerationStream;
import dev.ghostline.support.ModerationStreamSetup;
import dev.ghostline.support.NatsConfig;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.PublishOptions;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamState;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Reads the moderation stream from its first message and then follows it, feeding a {@link DecisionListener}
 * (which it does not know: {@link Enforcement} starts it with itself). A pod is
 * not ready until it has applied everything the stream held when it subscribed ({@link ReplayProgress}), so a
 * pod started after a revocation enforces it from its first connection. If the stream is lost and created anew
 * (every NATS node restarted: it lives in memory), the pod reads the new one from its start. Also publishes this
 * pod's blocks, again on every tick until the stream acknowledges them.
 */
@ApplicationScoped
public class ModerationFeed {
    private static final Logger LOG = Logger.getLogger(ModerationFeed.class);
    private static final long TICK_SECONDS = 1;
    /** A block publication not acknowledged within this is given up for this tick and sent again on a later one. */
    private static final Duration BLOCK_ACK_TIMEOUT = Duration.ofSeconds(5);

    private final Connection nats;
    private final NatsConfig natsConfig;
    private volatile DecisionListener listener;
    private final Clock clock;
    private final BusCodec codec = new BusCodec();
    private final BlockOutbox outbox = new BlockOutbox();
    private ScheduledExecutorService timer;
    private volatile Following following;
    /**
     * Set once, by the first subscription that caught up, and never cleared: a stream created anew (every NATS
     * node restarted) holds only what was published since, and what this pod applied before stays applied.
     */
    private final AtomicBoolean caughtUp = new AtomicBoolean();

    /** The subscription in force, the stream incarnation it reads and how far it has replayed that one. */
    private record Following(Dispatcher dispatcher, ZonedDateTime streamCreated, ReplayProgress progress) {
    }

    ModerationFeed(Connection nats, NatsConfig natsConfig, Clock clock) {
        this.nats = nats;
        this.natsConfig = natsConfig;
        this.clock = clock;
    }

    /** Starts following the stream, handing every decision to {@code decisions}. Called once, at startup. */
    public synchronized void follow(DecisionListener decisions) {
        if (timer != null) {
            throw new IllegalStateException("the moderation feed is followed already");
        }
        listener = decisions;
        timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "ghostline-moderation-feed"));
        timer.scheduleWithFixedDelay(this::tick, 0, TICK_SECONDS, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
        Following current = following;
        if (current != null) {
            nats.closeDispatcher(current.dispatcher());
        }
    }

    /** True once every decision made before this pod subscribed has been applied. */
    public boolean caughtUp() {
        return caughtUp.get();
    }

    /**
     * Publishes a block so every pod, including pods not yet started, refuses the address hash. Sent now and, if
     * the stream does not acknowledge it, again on every tick until it does or the block ends.
     */
    public void publish(BusMessage.AddressBlocked block) {
        outbox.add(block);
        flushBlocks();
    }

    /** Blocks made here and not yet stored in the stream. */
    public int unacknowledgedBlocks() {
        return outbox.size();
    }

    /** Of those, the ones waiting for the next attempt. */
    int blocksAwaitingRetry() {
        return outbox.waiting();
    }

    /** Every second: follow the stream (again, if it was recreated), check the catch-up, resend blocks, enforce. */
    private void tick() {
        try {
            followCurrentStream();
        } catch (Exception e) {
            LOG.warnf("moderation stream not reachable (%s); retrying", e.getClass().getSimpleName());
        }
        flushBlocks();
        try {
            listener.sweep();
        } catch (RuntimeException e) {
            LOG.warnf("moderation sweep failed: %s", e.getClass().getSimpleName());
        }
    }

    /** Sends every block that is due; package-private for tests, which cannot wait for ticks they do not run. */
    void flushBlocks() {
        for (BusMessage.AddressBlocked block : outbox.takeDue(clock.instant().getEpochSecond())) {
            // The same message id for every attempt: a retry after a lost acknowledgement is stored once.
            PublishOptions options = PublishOptions.builder()
                    .messageId("blocked-" + block.addressHash() + "-" + block.untilEpochSecond()).build();
            try {
                nats.jetStream().publishAsync(ModerationStream.BLOCKED, codec.encode(block), options)
                        .orTimeout(BLOCK_ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .whenComplete((ack, failure) -> {
                            if (failure == null) {
                                outbox.acknowledged(block);
                            } else {
                                blockFailed(block, failure);
                            }
                        });
            } catch (IOException | RuntimeException e) {
                blockFailed(block, e);
            }
        }
    }

    private void blockFailed(BusMessage.AddressBlocked block, Throwable failure) {
        if (outbox.failed(block)) {
            LOG.warnf("an address block is not stored in the moderation stream yet (%s); retrying",
                    failure.getClass().getSimpleName());
        }
    }

    /** One tick's look at the stream; package-private for tests, which run it themselves instead of the timer. */
    void followCurrentStream() throws IOException, JetStreamApiException {
        Following current = following;
        StreamInfo info = streamInfo();
        if (current != null && Objects.equals(current.streamCreated(), info.getCreateTime())) {
            // Messages that left the stream before reaching this pod must not keep it waiting (ReplayProgress).
            current.progress().streamStartsAt(info.getStreamState().getFirstSequence());
            checkCaughtUp(current.progress());
            return;
        }
        if (current != null) {
            LOG.info("the moderation stream was created anew; reading it from the start");
            nats.closeDispatcher(current.dispatcher());
        }
        subscribe(info);
    }

    private StreamInfo streamInfo() throws IOException, JetStreamApiException {
        try {
            return nats.jetStreamManagement().getStreamInfo(ModerationStream.NAME);
        } catch (JetStreamApiException notFound) {
            if (notFound.getErrorCode() != 404) {
                throw notFound;
            }
            ModerationStreamSetup.ensure(nats, natsConfig.streamReplicas());
            return nats.jetStreamManagement().getStreamInfo(ModerationStream.NAME);
        }
    }

    /**
     * Subscribes from the stream's first message. {@code info} was read before subscribing: every decision
     * published before then is at or below its last sequence, which is what the replay waits for.
     */
    private void subscribe(StreamInfo info) throws IOException, JetStreamApiException {
        ModerationStreamSetup.ensure(nats, natsConfig.streamReplicas());
        StreamState state = info.getStreamState();
        ReplayProgress progress = new ReplayProgress(state.getLastSequence(), state.getFirstSequence());
        JetStream stream = nats.jetStream();
        Dispatcher dispatcher = nats.createDispatcher();
        PushSubscribeOptions options = PushSubscribeOptions.builder().ordered(true)
                .configuration(ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.All).build())
                .build();
        try {
            // The handler is bound to this subscription's progress: a message still in a closed dispatcher
            // carries the old stream's sequence, which says nothing about the new stream.
            stream.subscribe(ModerationStream.SUBJECTS, dispatcher, message -> onMessage(message, progress), false,
                    options);
            following = new Following(dispatcher, info.getCreateTime(), progress);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            nats.closeDispatcher(dispatcher);
            throw e;
        }
        LOG.infof("following the moderation stream (%d decisions to replay)", state.getMsgCount());
        checkCaughtUp(progress);
    }

    private void onMessage(Message message, ReplayProgress progress) {
        try {
            apply(codec.decode(message.getData()));
        } catch (IllegalArgumentException e) {
            LOG.debug("dropped an undecodable moderation message");
        } finally {
            // Counted only now that the decision is applied: the gate may open on it. A message that failed to
            // apply is counted too; it is never delivered again, and waiting for it would keep the pod unready.
            if (message.isJetStream()) {
                progress.applied(message.metaData().streamSequence());
                checkCaughtUp(progress);
            }
        }
    }

    /** Package-private for tests, which hold the dispatcher here to keep delivered messages unapplied. */
    void apply(BusMessage decision) {
        if (decision instanceof BusMessage.SessionRevoked revoked) {
            listener.revoked(revoked);
        } else if (decision instanceof BusMessage.AddressBlocked blocked) {
            listener.blocked(blocked);
        }
    }

    private void checkCaughtUp(ReplayProgress progress) {
        // The dispatcher and the timer may both see it; one of them says so.
        if (progress.caughtUp() && caughtUp.compareAndSet(false, true)) {
            LOG.info("moderation stream replayed");
        }
    }
}
