package dev.ghostline.signaling.bus;

import dev.ghostline.protocol.bus.BusCodec;
import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.bus.Subjects;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * This pod's side of NATS: per-session subscriptions, publishing, requests. Incoming messages go to
 * {@link BusInbox}; nothing here knows what they mean.
 */
@ApplicationScoped
public class Bus {
    private static final Logger LOG = Logger.getLogger(Bus.class);

    private final Connection nats;
    private final BusCodec codec = new BusCodec();
    private final BusInbox inbox;
    private final PodLiveness liveness;
    private final Clock clock;
    /** partner id → the local session partnered with it, for answering locate requests. */
    private final ConcurrentHashMap<String, String> watchedPartners = new ConcurrentHashMap<>();
    private Dispatcher dispatcher;

    Bus(Connection nats, BusInbox inbox, PodLiveness liveness, Clock clock) {
        this.nats = nats;
        this.inbox = inbox;
        this.liveness = liveness;
        this.clock = clock;
    }

    void start(@Observes StartupEvent event) {
        dispatcher = nats.createDispatcher(this::onMessage);
        dispatcher.subscribe(Subjects.POD_HEARTBEAT);
    }

    void stop(@Observes ShutdownEvent event) {
        if (dispatcher != null) {
            nats.closeDispatcher(dispatcher);
        }
    }

    public void publish(String subject, BusMessage message) {
        nats.publish(subject, codec.encode(message));
    }

    /** Sends a request; empty when nobody answers (no responders, or the timeout passes). */
    public CompletableFuture<Optional<BusMessage>> request(String subject, BusMessage message, Duration timeout) {
        CompletableFuture<Message> sent;
        try {
            sent = nats.requestWithTimeout(subject, codec.encode(message), timeout);
        } catch (IllegalStateException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent
                .handle((reply, failure) -> {
                    if (failure != null || reply == null || reply.isStatusMessage() || reply.getData() == null) {
                        return Optional.empty();
                    }
                    return decode(reply);
                });
    }

    public void subscribeSession(String sessionId) {
        dispatcher.subscribe(Subjects.session(sessionId));
    }

    public void unsubscribeSession(String sessionId) {
        dispatcher.unsubscribe(Subjects.session(sessionId));
    }

    /** Answers locate requests for {@code partner} on behalf of {@code localSession}. */
    public void watchPartner(String localSession, String partner) {
        if (watchedPartners.put(partner, localSession) == null) {
            dispatcher.subscribe(Subjects.partnerOf(partner));
        }
    }

    public void unwatchPartner(String partner) {
        if (watchedPartners.remove(partner) != null) {
            dispatcher.unsubscribe(Subjects.partnerOf(partner));
        }
    }

    private void onMessage(Message message) {
        String subject = message.getSubject();
        Optional<BusMessage> decoded = decode(message);
        if (decoded.isEmpty()) {
            return;
        }
        BusMessage body = decoded.get();
        if (subject.startsWith(Subjects.SESSION_PREFIX)) {
            inbox.onSessionMessage(Subjects.sessionIdOf(subject), body, message.getReplyTo());
        } else if (subject.startsWith(Subjects.PARTNER_OF_PREFIX) && body instanceof BusMessage.Locate locate) {
            String local = watchedPartners.get(locate.session());
            if (local != null && message.getReplyTo() != null) {
                inbox.onLocate(local, locate.session(), message.getReplyTo());
            }
        } else if (body instanceof BusMessage.Heartbeat heartbeat) {
            liveness.heard(heartbeat.pod(), clock.millis());
        }
    }

    public void reply(String replyTo, BusMessage message) {
        nats.publish(replyTo, codec.encode(message));
    }

    private Optional<BusMessage> decode(Message message) {
        try {
            return Optional.of(codec.decode(message.getData()));
        } catch (IllegalArgumentException e) {
            LOG.debug("dropped an undecodable bus message");
            return Optional.empty();
        }
    }
}
