package dev.ghostline.signaling.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.crypto.Ids;
import dev.ghostline.protocol.crypto.MatchTickets;
import dev.ghostline.protocol.wire.JoinMode;
import dev.ghostline.protocol.wire.PeerLeftReason;
import dev.ghostline.protocol.wire.ServerMessage;
import dev.ghostline.signaling.SignalingConfig;
import dev.ghostline.signaling.testing.FakeMatchmaker;
import dev.ghostline.signaling.testing.PodReadiness;
import dev.ghostline.signaling.testing.TestSocket;
import dev.ghostline.support.testing.NatsServerResource;
import io.nats.client.Connection;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A waiting session whose client drops, on one pod against a real nats-server. The test plays the matchmaker
 * ({@link FakeMatchmaker}) and checks what the pod tells it: a random-mode wait is cancelled at the drop, is
 * not refreshed while the client is away, and is announced again, as a new join, when the client resumes; a
 * private room's seat stays.
 */
@QuarkusTest
@WithTestResource(NatsServerResource.class)
class DroppedWaitTest {
    private static final String ROOM = "DroppedWaitTestRoom0123456789abcdefghijklm";
    private static final String MARKER_LOBBY = "dropped-wait-marker";

    @TestHTTPResource("/ws")
    URI ws;

    @Inject
    Connection nats;

    @Inject
    MatchTickets tickets;

    @Inject
    SessionRegistry registry;

    @Inject
    SignalingConfig config;

    @BeforeEach
    void podIsReady() {
        PodReadiness.await();
    }

    @Test
    void aDroppedWaitIsCancelledAtOnceNotRefreshedAndAnnouncedAgainWhenTheClientResumes() throws Exception {
        try (FakeMatchmaker matchmaker = new FakeMatchmaker(nats, tickets);
             TestSocket witness = TestSocket.welcomed(ws); TestSocket a = TestSocket.connect(ws)) {
            String token = a.send("{\"type\":\"hello\"}").await(ServerMessage.Welcome.class).token();
            BusMessage.WaitEntry waiting = matchmaker.joinAndReadEntry(witness);
            BusMessage.WaitEntry joined = matchmaker.joinAndReadEntry(a);
            String aId = joined.session();

            long dropped = System.nanoTime();
            a.drop();
            BusMessage.CancelEntry cancel = matchmaker.nextCancelFor(aId);
            assertThat(cancel.joinSeq()).as("the join the pod announced").isEqualTo(joined.joinSeq());
            assertThat(Duration.ofNanos(System.nanoTime() - dropped)).as("cancelled at the drop, not at the window's end")
                    .isLessThan(config.resumeWindow().dividedBy(3));
            assertThat(registry.find(aId)).as("the session is kept for the resume window").isPresent();

            // The witness's refreshes show what the pod offers while A is away. The first one after the cancel
            // may have been gathered just before the drop (the matchmaker ignores it: its join is cancelled);
            // the maintenance thread gathers the next one only after sending that one, so after the drop.
            matchmaker.nextBatchWith(waiting.session());
            BusMessage.WaitBatch refresh = matchmaker.nextBatchWith(waiting.session());
            assertThat(FakeMatchmaker.entryFor(refresh, aId)).as("no refresh while the client is away").isNull();

            try (TestSocket back = TestSocket.connect(ws)) {
                back.send("{\"type\":\"hello\",\"token\":\"" + token + "\"}");
                assertThat(back.awaitNext()).isInstanceOfSatisfying(ServerMessage.Welcome.class,
                        welcome -> assertThat(welcome.resumed()).isTrue());
                assertThat(back.awaitNext()).as("still waiting: nothing new for the client")
                        .isEqualTo(new ServerMessage.Queued(JoinMode.RANDOM, "en"));

                BusMessage.WaitEntry again = matchmaker.nextWait().entries().get(0);
                assertThat(again.session()).isEqualTo(aId);
                assertThat(again.joinSeq()).as("a new join, above the cancelled one").isEqualTo(joined.joinSeq() + 1);
                assertThat(again.waitingSinceMillis()).as("waiting since the original join")
                        .isEqualTo(joined.waitingSinceMillis());
                assertThat(again.lobby()).isEqualTo("en");
                assertThat(again.interests()).containsExactly("music");

                String matchId = matchmaker.match(aId, again.joinSeq(), waiting.session(), waiting.joinSeq());
                assertThat(back.await(ServerMessage.Matched.class).matchId()).isEqualTo(matchId);
                assertThat(witness.await(ServerMessage.Matched.class).matchId()).isEqualTo(matchId);
            }
        }
    }

    @Test
    void aMatchMadeJustBeforeTheCancelArrivedFreesThePartnerAtOnce() throws Exception {
        try (FakeMatchmaker matchmaker = new FakeMatchmaker(nats, tickets);
             TestSocket b = TestSocket.welcomed(ws); TestSocket a = TestSocket.connect(ws)) {
            String token = a.send("{\"type\":\"hello\"}").await(ServerMessage.Welcome.class).token();
            BusMessage.WaitEntry bJoined = matchmaker.joinAndReadEntry(b);
            BusMessage.WaitEntry aJoined = matchmaker.joinAndReadEntry(a);
            a.drop();
            matchmaker.nextCancelFor(aJoined.session());

            // As if the matchmaker had paired them just before the cancel reached it.
            String matchId = matchmaker.match(aJoined.session(), aJoined.joinSeq(), bJoined.session(), bJoined.joinSeq());
            assertThat(b.await(ServerMessage.Matched.class).matchId()).isEqualTo(matchId);
            // Within TestSocket's 10 s, so well before A's 30 s resume window could have ended it.
            assertThat(b.await(ServerMessage.PeerLeft.class).reason()).isEqualTo(PeerLeftReason.LEFT);

            try (TestSocket back = TestSocket.connect(ws)) {
                back.send("{\"type\":\"hello\",\"token\":\"" + token + "\"}");
                assertThat(back.awaitNext()).isInstanceOf(ServerMessage.Welcome.class);
                assertThat(back.awaitNext()).as("the refused match never reaches A")
                        .isEqualTo(new ServerMessage.Queued(JoinMode.RANDOM, "en"));
                BusMessage.WaitEntry again = matchmaker.nextWait().entries().get(0);
                assertThat(again.session()).isEqualTo(aJoined.session());
                assertThat(again.joinSeq()).isEqualTo(aJoined.joinSeq() + 1);
            }
        }
    }

    @Test
    void aRefusalThatOvertakesItsMatchStillEndsTheMatchForThePartner() throws Exception {
        try (FakeMatchmaker matchmaker = new FakeMatchmaker(nats, tickets); TestSocket b = TestSocket.welcomed(ws)) {
            BusMessage.WaitEntry bJoined = matchmaker.joinAndReadEntry(b);
            // A waits on another pod and dropped, so that pod refuses the match and says so on its own connection;
            // the matchmaker publishes the match on another. NATS keeps no order between them: here the refusal
            // always comes first.
            String a = Ids.random();
            String matchId = Ids.random();
            matchmaker.partnerLeft(bJoined.session(), a, matchId);
            matchmaker.match(matchId, a, 1, bJoined.session(), bJoined.joinSeq());
            assertThat(b.await(ServerMessage.Matched.class).matchId()).isEqualTo(matchId);
            assertThat(b.await(ServerMessage.PeerLeft.class).reason()).as("not left in a match with nobody")
                    .isEqualTo(PeerLeftReason.LEFT);
        }
    }

    @Test
    void aRoomSeatStaysOfferedWhileItsClientIsAway() throws Exception {
        try (FakeMatchmaker matchmaker = new FakeMatchmaker(nats, tickets);
             TestSocket r = TestSocket.welcomed(ws); TestSocket marker = TestSocket.welcomed(ws)) {
            r.send("{\"type\":\"join\",\"mode\":\"room\",\"room\":\"" + ROOM + "\"}");
            r.await(ServerMessage.Queued.class);
            BusMessage.WaitEntry seat = matchmaker.nextWait().entries().get(0);
            String rId = seat.session();
            assertThat(seat.mode()).isEqualTo(JoinMode.ROOM);

            r.drop();
            // Synchronised on the session, so this sees the drop only once a cancel, if any, is published.
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> registry.find(rId).map(session -> session.connection() == null).orElse(false));
            // A join the pod publishes after the drop, in a lobby of its own: whatever the drop published (a
            // cancel, if it sent one) comes before it on the bus.
            marker.send("{\"type\":\"join\",\"mode\":\"random\",\"lobby\":\"" + MARKER_LOBBY + "\"}");
            List<BusMessage> read = new ArrayList<>(matchmaker.readUntil(message ->
                    message instanceof BusMessage.WaitBatch batch && batch.entries().size() == 1
                            && MARKER_LOBBY.equals(batch.entries().get(0).lobby()), "the marker's join"));
            // The maintenance thread gathers a refresh only after sending the one before, so the second refresh
            // after the marker was gathered after the marker's join, so after the drop.
            read.addAll(matchmaker.readUntil(message -> message instanceof BusMessage.WaitBatch batch
                    && FakeMatchmaker.entryFor(batch, rId) != null, "a refresh of the seat"));
            List<BusMessage> second = matchmaker.readUntil(message -> message instanceof BusMessage.WaitBatch batch
                    && FakeMatchmaker.entryFor(batch, rId) != null, "a second refresh of the seat");
            read.addAll(second);
            BusMessage.WaitEntry refreshed = FakeMatchmaker.entryFor((BusMessage.WaitBatch) second.get(0), rId);
            assertThat(refreshed.joinSeq()).as("the same seat").isEqualTo(seat.joinSeq());
            assertThat(read).as("no cancel for the seat").noneMatch(message ->
                    message instanceof BusMessage.CancelBatch cancel
                            && cancel.entries().stream().anyMatch(entry -> entry.session().equals(rId)));
        }
    }
}
