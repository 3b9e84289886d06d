package dev.ghostline.signaling.session;

import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.bus.Subjects;
import dev.ghostline.signaling.bus.Bus;
import dev.ghostline.signaling.bus.BusListener;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * The bus between test pods, in memory and in the test's hands: what a pod publishes waits, in order, until the
 * test delivers it, so a test can deliver messages in the order a race would (one message overtaking another)
 * and every run is the same. What pods send the matchmaker is kept for the test to read. A request nobody
 * answers completes empty at its delivery, as a timeout or "no responders" would.
 */
final class FakeNetwork {
    /** One message in flight; {@code replyTo} is set for requests. */
    record Envelope(String subject, BusMessage message, String replyTo) {
    }

    private final Deque<Envelope> inFlight = new ArrayDeque<>();
    private final List<PodBus> pods = new ArrayList<>();
    private final Map<String, CompletableFuture<Optional<BusMessage>>> requests = new HashMap<>();
    private final List<BusMessage> toMatchmaker = new ArrayList<>();
    private long requestCount;

    /** A new pod's side of the bus. */
    PodBus attach() {
        PodBus bus = new PodBus();
        pods.add(bus);
        return bus;
    }

    /** The pod is gone: nothing reaches it any more, and nothing it had in flight is lost from the others. */
    void kill(PodBus bus) {
        pods.remove(bus);
    }

    /** Puts a message in flight as another service would (the matchmaker, a pod the test plays). */
    void send(String subject, BusMessage message) {
        inFlight.addLast(new Envelope(subject, message, null));
    }

    /** Delivers everything in flight, and whatever that causes, in order. */
    void deliverAll() {
        while (!inFlight.isEmpty()) {
            deliver(inFlight.removeFirst());
        }
    }

    /** Takes the first message in flight that matches, out of order; fails when there is none. */
    Envelope take(Predicate<Envelope> which) {
        for (Iterator<Envelope> it = inFlight.iterator(); it.hasNext(); ) {
            Envelope envelope = it.next();
            if (which.test(envelope)) {
                it.remove();
                return envelope;
            }
        }
        throw new AssertionError("no such message in flight: " + inFlight);
    }

    /** What is in flight, in order. */
    List<Envelope> inFlight() {
        return List.copyOf(inFlight);
    }

    /** Everything pods sent the matchmaker so far (waits and cancels), and forgets it. */
    List<BusMessage> drainMatchmaker() {
        List<BusMessage> sent = new ArrayList<>(toMatchmaker);
        toMatchmaker.clear();
        return sent;
    }

    void deliver(Envelope envelope) {
        String subject = envelope.subject();
        if (subject.equals(Subjects.MATCHMAKER_WAIT) || subject.equals(Subjects.MATCHMAKER_CANCEL)) {
            toMatchmaker.add(envelope.message());
        } else if (subject.startsWith(Subjects.SESSION_PREFIX)) {
            String session = Subjects.sessionIdOf(subject);
            pods.stream().filter(pod -> pod.sessions.contains(session)).findFirst()
                    .ifPresent(pod -> pod.listener.onSessionMessage(session, envelope.message(), envelope.replyTo()));
        } else if (subject.startsWith(Subjects.PARTNER_OF_PREFIX)
                && envelope.message() instanceof BusMessage.Locate locate) {
            pods.stream().filter(pod -> pod.watched.containsKey(locate.session())).findFirst().ifPresent(pod ->
                    pod.listener.onLocate(pod.watched.get(locate.session()), locate.session(), envelope.replyTo()));
        }
        if (envelope.replyTo() != null) {
            // Nobody answered at delivery: a real request would time out, or hear "no responders".
            CompletableFuture<Optional<BusMessage>> unanswered = requests.remove(envelope.replyTo());
            if (unanswered != null) {
                unanswered.complete(Optional.empty());
            }
        }
    }

    /** One pod's {@link Bus}: its subscriptions, and its way onto the network. */
    final class PodBus implements Bus {
        private final Set<String> sessions = new HashSet<>();
        private final Map<String, String> watched = new HashMap<>();
        private BusListener listener;

        @Override
        public void open(BusListener opened) {
            listener = opened;
        }

        @Override
        public void publish(String subject, BusMessage message) {
            if (!subject.equals(Subjects.POD_HEARTBEAT)) {
                inFlight.addLast(new Envelope(subject, message, null));
            }
        }

        @Override
        public CompletableFuture<Optional<BusMessage>> request(String subject, BusMessage message, Duration timeout) {
            String replyTo = "_INBOX.test." + requestCount++;
            CompletableFuture<Optional<BusMessage>> answer = new CompletableFuture<>();
            requests.put(replyTo, answer);
            inFlight.addLast(new Envelope(subject, message, replyTo));
            return answer;
        }

        @Override
        public void reply(String replyTo, BusMessage message) {
            CompletableFuture<Optional<BusMessage>> waiting = requests.remove(replyTo);
            if (waiting != null) {
                waiting.complete(Optional.of(message));
            }
        }

        @Override
        public void subscribeSession(String sessionId) {
            sessions.add(sessionId);
        }

        @Override
        public void unsubscribeSession(String sessionId) {
            sessions.remove(sessionId);
        }

        @Override
        public void watchPartner(String localSession, String partner) {
            watched.put(partner, localSession);
        }

        @Override
        public void unwatchPartner(String partner) {
            watched.remove(partner);
        }

        boolean holds(String sessionId) {
            return sessions.contains(sessionId);
        }
    }
}
