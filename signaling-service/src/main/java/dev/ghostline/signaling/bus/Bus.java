package dev.ghostline.signaling.bus;

import dev.ghostline.protocol.bus.BusMessage;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * This pod's side of the message bus, as the session layer uses it: publish, request and reply, and the
 * subscriptions that make a session (and a partner's lookups) reachable here. Transport only: what arrives is
 * handed, undecided, to the {@link BusListener} given to {@link #open}.
 */
public interface Bus {

    /** Starts receiving: session messages and locate requests go to {@code listener}. Called once, at startup. */
    void open(BusListener listener);

    void publish(String subject, BusMessage message);

    /** Sends a request; empty when nobody answers (no responders, or the timeout passes). */
    CompletableFuture<Optional<BusMessage>> request(String subject, BusMessage message, Duration timeout);

    void reply(String replyTo, BusMessage message);

    /** Makes the session reachable on this pod. */
    void subscribeSession(String sessionId);

    void unsubscribeSession(String sessionId);

    /** Answers locate requests for {@code partner} on behalf of {@code localSession}. */
    void watchPartner(String localSession, String partner);

    void unwatchPartner(String partner);
}
