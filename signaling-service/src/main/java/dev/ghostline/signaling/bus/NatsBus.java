package dev.ghostline.signaling.bus;

import dev.ghostline.protocol.bus.BusCodec;
import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.bus.Subjects;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The {@link Bus} over NATS: one dispatcher for every session subject, partner lookup and heartbeat of this pod.
 * Heartbeats feed {@link PodLiveness}; everything else goes to the listener. Nothing here knows what a message
 * means.
 */
@ApplicationScoped
public class NatsBus implements Bus {
    private static final Logger LOG = Logger.getLogger(NatsBus.class);

    private final Connection nats;
    private final BusCodec codec = new BusCodec();
    private final PodLiveness liveness;
    private final Clock clock;
    /** partner id → the local session partnered with it, for answering locate requests. */
    private final ConcurrentHashMap<String, String> watchedPartners = new ConcurrentHashMap<>();
    private volatile BusListener listener;
    private Dispatcher dispatcher;

    NatsBus(Connection nats, PodLiveness liveness, Clock clock) {
        this.nats = nats;
        this.liveness = liveness;
        this.clock = clock;
    }

    @Override
    public synchronized void open(BusListener listener) {
        if (dispatcher != null) {
            throw new IllegalStateException("the bus is open already");
        }
        this.listener = listener;
        dispatcher = nats.createDispatcher(this::onMessage);
        dispatcher.subscribe(Subjects.POD_HEARTBEAT);
    }

    void stop(@Observes ShutdownEvent event) {
        if (dispatcher != null) {
            nats.closeDispatcher(dispatcher);
        }
    }

    @Override
    public void publish(String subject, BusMessage message) {
        nats.publish(subject, codec.encode(message));
    }

    @Override
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

    @Override
    public void subscribeSession(String sessionId) {
        dispatcher.subscribe(Subjects.session(sessionId));
    }

    @Override
    public void unsubscribeSession(String sessionId) {
        dispatcher.unsubscribe(Subjects.session(sessionId));
    }

    @Override
    public void watchPartner(String localSession, String partner) {
        if (watchedPartners.put(partner, localSession) == null) {
            dispatcher.subscribe(Subjects.partnerOf(partner));
        }
    }

    @Override
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
            listener.onSessionMessage(Subjects.sessionIdOf(subject), body, message.getReplyTo());
        } else if (subject.startsWith(Subjects.PARTNER_OF_PREFIX) && body instanceof BusMessage.Locate locate) {
            String local = watchedPartners.get(locate.session());
            if (local != null && message.getReplyTo() != null) {
                listener.onLocate(local, locate.session(), message.getReplyTo());
            }
        } else if (body instanceof BusMessage.Heartbeat heartbeat) {
            liveness.heard(heartbeat.pod(), clock.millis());
        }
    }

    @Override
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
