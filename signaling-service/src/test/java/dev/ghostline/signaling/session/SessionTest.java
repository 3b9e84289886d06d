package dev.ghostline.signaling.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.bus.BusMessage.MatchView;
import dev.ghostline.protocol.bus.SessionSnapshot;
import dev.ghostline.protocol.crypto.Ids;
import dev.ghostline.protocol.wire.CloseCode;
import dev.ghostline.protocol.wire.JoinMode;
import dev.ghostline.protocol.wire.PeerLeftReason;
import dev.ghostline.protocol.wire.Role;
import dev.ghostline.signaling.session.TestClient.RecordingChannel;
import dev.ghostline.signaling.limits.TokenBucket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionTest {
    private static final SessionSnapshot.Join EN = new SessionSnapshot.Join(JoinMode.RANDOM, "en", List.of("music"), null);

    @Test
    void acceptsOnlyTheMatchForTheCurrentWait() {
        Session session = new Session(Ids.random(), 3, 10);
        long first = session.startWaiting(EN, 1);
        long second = session.startWaiting(EN, 2);
        assertThat(session.acceptMatch(first, view("p1"))).isFalse();
        assertThat(session.acceptMatch(second, view("p1"))).isTrue();
        assertThat(session.state()).isEqualTo(Session.State.MATCHED);
        assertThat(session.waitEntry()).isNull();
    }

    @Test
    void remembersTheLastPartnersForTheWaitEntry() {
        Session session = new Session(Ids.random(), 2, 10);
        session.attach(connection(new RecordingChannel()));
        for (String partner : List.of("a", "b", "c")) {
            long seq = session.startWaiting(EN, 1);
            session.acceptMatch(seq, view(partner));
            session.endMatch();
        }
        session.startWaiting(EN, 5);
        assertThat(session.waitEntry().avoid()).containsExactly("b", "c");
    }

    @Test
    void keepsFramesWhileDetachedAndFlushesThemOnResume() {
        Session session = new Session(Ids.random(), 2, 2);
        RecordingChannel first = new RecordingChannel();
        ClientConnection connection = connection(first);
        session.attach(connection);
        session.deliver("one");
        assertThat(session.detach(connection, 100)).isTrue();
        session.deliver("two");
        session.deliver("three");
        session.deliver("four");
        RecordingChannel second = new RecordingChannel();
        assertThat(session.attach(connection(second))).isNull();
        session.flushPending();
        assertThat(first.frames).containsExactly("one");
        assertThat(second.frames).containsExactly("three", "four");
    }

    @Test
    void keptFramesStayUnderTheHandoverPayloadLimit() {
        Session session = new Session(Ids.random(), 2, 128);
        String frame = "x".repeat(16 * 1024);
        for (int i = 0; i < 100; i++) {
            session.deliver(frame + i);
        }
        SessionSnapshot snapshot = session.snapshot();
        int chars = snapshot.pendingFrames().stream().mapToInt(String::length).sum();
        assertThat(chars).isLessThanOrEqualTo(Session.MAX_PENDING_CHARS);
        assertThat(snapshot.pendingFrames()).last().isEqualTo(frame + 99);
    }

    @Test
    void snapshotRestoresTheSameState() {
        Session session = new Session(Ids.random(), 5, 10);
        long seq = session.startWaiting(EN, 42);
        session.acceptMatch(seq, view("partner"));
        Session restored = Session.restore(session.snapshot(), 5, 10, 30_000, 0);
        assertThat(restored.state()).isEqualTo(Session.State.MATCHED);
        assertThat(restored.match()).isEqualTo(session.match());
        assertThat(restored.joinSeq()).isEqualTo(seq);
    }

    @Test
    void roomSessionsKeepTheirSeatWhileMatched() {
        Session session = new Session(Ids.random(), 5, 10);
        long seq = session.startWaiting(new SessionSnapshot.Join(JoinMode.ROOM, null, List.of(), "A".repeat(43)), 1);
        session.acceptMatch(seq, view("p"));
        assertThat(session.waitEntry().paired()).isTrue();
        assertThat(session.waitEntry().avoid()).isEmpty();
    }

    @Test
    void aLatePeerLeftCannotEndAFreshWait() {
        Session session = new Session(Ids.random(), 5, 10);
        MatchView first = view("p");
        session.acceptMatch(session.startWaiting(EN, 1), first);
        session.endMatch();
        session.startWaiting(EN, 2);
        assertThat(session.endMatch()).isNull();
        assertThat(session.state()).isEqualTo(Session.State.WAITING);
        assertThat(session.isCurrentMatch("p", first.matchId())).isFalse();
    }

    @Test
    void partnerMovedOnlyUpdatesTheCurrentMatch() {
        Session session = new Session(Ids.random(), 5, 10);
        MatchView current = view("p");
        assertThat(session.partnerMoved("p", current.matchId(), "pod-b")).isFalse();
        session.acceptMatch(session.startWaiting(EN, 1), current);
        assertThat(session.partnerMoved("p", Ids.random(), "pod-b")).isFalse();
        assertThat(session.partnerMoved("p", current.matchId(), "pod-b")).isTrue();
        assertThat(session.match().partnerPod()).isEqualTo("pod-b");
    }

    @Test
    void aConnectionClosedDuringResumeIsNotWelcomed() {
        ClientConnection connection = connection(new RecordingChannel());
        connection.phase(ClientConnection.Phase.RESUMING);
        connection.phase(ClientConnection.Phase.CLOSED);
        assertThat(connection.welcomed(new Session(Ids.random(), 5, 10))).isFalse();
        assertThat(connection.phase()).isEqualTo(ClientConnection.Phase.CLOSED);
    }

    @Test
    void aLocatedSessionJoinsAboveAnyEarlierSequence() {
        Session located = Session.located(Ids.random(), view("p"), 0, 0, 5, 10, 30_000, 1_700_000_000_000L);
        located.endMatch();
        assertThat(located.startWaiting(EN, 1)).isGreaterThan(1_700_000_000_000L);
    }

    @Test
    void aRandomWaitIsOfferedOnlyWhileItsClientIsThere() {
        Session session = new Session(Ids.random(), 5, 10);
        ClientConnection first = connection(new RecordingChannel());
        session.attach(first);
        long seq = session.startWaiting(EN, 1_000);
        assertThat(session.waitEntry().joinSeq()).isEqualTo(seq);
        assertThat(session.withdrawWait()).as("nothing to withdraw while the client is here").isEqualTo(Session.NO_WAIT);
        assertThat(session.waitsWhileAway()).isFalse();

        assertThat(session.detach(first, 2_000)).isTrue();
        assertThat(session.waitEntry()).as("a dropped client is not offered, refreshes included").isNull();
        assertThat(session.waitsWhileAway()).isTrue();
        assertThat(session.withdrawWait()).as("the join the matchmaker must cancel").isEqualTo(seq);
        assertThat(session.state()).as("still waiting, for when the client is back").isEqualTo(Session.State.WAITING);
        assertThat(session.waitEntry()).isNull();
        assertThat(session.acceptMatch(seq, view("p"))).as("a match made before the cancel arrived").isFalse();

        session.attach(connection(new RecordingChannel()));
        BusMessage.WaitEntry again = session.waitEntry();
        assertThat(again.joinSeq()).as("above the cancelled join, which the matchmaker refuses").isEqualTo(seq + 1);
        assertThat(again.waitingSinceMillis()).as("the wait goes on from when it began").isEqualTo(1_000);
        assertThat(again.lobby()).isEqualTo("en");
        assertThat(again.interests()).containsExactly("music");
        assertThat(again.paired()).isFalse();
        assertThat(session.waitsWhileAway()).isFalse();
        assertThat(session.acceptMatch(seq + 1, view("p"))).isTrue();
    }

    @Test
    void roomSessionsKeepTheirSeatWhileAway() {
        Session session = new Session(Ids.random(), 5, 10);
        ClientConnection connection = connection(new RecordingChannel());
        session.attach(connection);
        long seq = session.startWaiting(new SessionSnapshot.Join(JoinMode.ROOM, null, List.of(), "A".repeat(43)), 1);
        session.detach(connection, 2);
        assertThat(session.withdrawWait()).isEqualTo(Session.NO_WAIT);
        assertThat(session.waitEntry().joinSeq()).as("the friend may arrive meanwhile").isEqualTo(seq);
        assertThat(session.waitEntry().paired()).isFalse();

        session.acceptMatch(seq, view("friend"));
        assertThat(session.withdrawWait()).isEqualTo(Session.NO_WAIT);
        assertThat(session.waitEntry().paired()).as("a matched seat stays held too").isTrue();
        assertThat(session.waitEntry().joinSeq()).isEqualTo(seq);
    }

    @Test
    void idleAndMatchedSessionsHaveNoWaitToWithdraw() {
        Session idle = new Session(Ids.random(), 5, 10);
        ClientConnection idleConnection = connection(new RecordingChannel());
        idle.attach(idleConnection);
        idle.detach(idleConnection, 1);
        assertThat(idle.withdrawWait()).isEqualTo(Session.NO_WAIT);
        assertThat(idle.waitsWhileAway()).isFalse();

        Session matched = new Session(Ids.random(), 5, 10);
        ClientConnection matchedConnection = connection(new RecordingChannel());
        matched.attach(matchedConnection);
        long seq = matched.startWaiting(EN, 1);
        MatchView match = view("p");
        matched.acceptMatch(seq, match);
        matched.detach(matchedConnection, 2);
        assertThat(matched.withdrawWait()).isEqualTo(Session.NO_WAIT);
        assertThat(matched.joinSeq()).isEqualTo(seq);
        assertThat(matched.match()).as("the match waits for the resume").isEqualTo(match);
        assertThat(matched.waitEntry()).isNull();
    }

    @Test
    void aWithdrawnWaitHandedOverIsOfferedOnceItsClientIsAttachedOnTheNewPod() {
        Session session = new Session(Ids.random(), 5, 10);
        ClientConnection connection = connection(new RecordingChannel());
        session.attach(connection);
        long seq = session.startWaiting(EN, 1_000);
        session.detach(connection, 2_000);
        session.withdrawWait();

        Session restored = Session.restore(session.snapshot(), 5, 10, 30_000, 0);
        assertThat(restored.state()).isEqualTo(Session.State.WAITING);
        assertThat(restored.waitEntry()).as("no client on the new pod yet").isNull();
        assertThat(restored.waitsWhileAway()).isTrue();
        restored.attach(connection(new RecordingChannel()));
        assertThat(restored.waitEntry().joinSeq()).isEqualTo(seq + 1);
        assertThat(restored.waitEntry().waitingSinceMillis()).isEqualTo(1_000);
    }

    @Test
    void aWaitHandedOverWhileAttachedKeepsItsJoinSoItKeepsItsPlace() {
        Session session = new Session(Ids.random(), 5, 10);
        session.attach(connection(new RecordingChannel()));
        long seq = session.startWaiting(EN, 1_000);

        Session restored = Session.restore(session.snapshot(), 5, 10, 30_000, 0);
        restored.attach(connection(new RecordingChannel()));
        assertThat(restored.waitEntry().joinSeq()).as("a refresh of the wait the matchmaker holds").isEqualTo(seq);
    }

    @Test
    void anEndThatOvertookItsMatchIsKeptWhileWaitingAndTakenOnce() {
        Session session = new Session(Ids.random(), 5, 10);
        session.attach(connection(new RecordingChannel()));
        session.endedBeforeMatched("p", "before-waiting", PeerLeftReason.LEFT);
        session.startWaiting(EN, 1);
        assertThat(session.takeEarlyEnd("p", "before-waiting")).as("nothing kept while idle").isNull();

        session.endedBeforeMatched("p", "m1", PeerLeftReason.LEFT);
        assertThat(session.takeEarlyEnd("other", "m1")).as("another partner's match").isNull();
        assertThat(session.takeEarlyEnd("p", "m2")).as("another match").isNull();
        assertThat(session.takeEarlyEnd("p", "m1")).isEqualTo(PeerLeftReason.LEFT);
        assertThat(session.takeEarlyEnd("p", "m1")).as("taken once").isNull();

        for (int i = 0; i < 10; i++) {
            session.endedBeforeMatched("p", "old-" + i, PeerLeftReason.NEXT);
        }
        assertThat(session.takeEarlyEnd("p", "old-0")).as("only the last few are kept").isNull();
        assertThat(session.takeEarlyEnd("p", "old-9")).isEqualTo(PeerLeftReason.NEXT);
        session.startWaiting(EN, 2);
        assertThat(session.takeEarlyEnd("p", "old-8")).as("a new wait forgets the last one's").isNull();
    }

    @Test
    void aWaitCarriesItsNetworkAndTheLastPartnersNetworksAcrossAHandover() {
        Session session = new Session(Ids.random(), 2, 10);
        session.attach(connection(new RecordingChannel(), NETWORK_A));
        for (String partnerNetwork : List.of(NETWORK_B, NETWORK_C, NETWORK_B, "0d".repeat(16))) {
            session.acceptMatch(session.startWaiting(EN, 1), view("p", partnerNetwork));
            session.endMatch();
        }
        session.startWaiting(EN, 2);
        assertThat(session.waitEntry().network()).isEqualTo(NETWORK_A);
        assertThat(session.waitEntry().avoidNetworks()).as("the last two distinct, oldest first")
                .containsExactly(NETWORK_B, "0d".repeat(16));

        Session restored = Session.restore(session.snapshot(), 2, 10, 30_000, 0);
        restored.attach(connection(new RecordingChannel(), NETWORK_C));
        assertThat(restored.waitEntry().avoidNetworks()).containsExactly(NETWORK_B, "0d".repeat(16));
        assertThat(restored.waitEntry().network()).as("where the client is now").isEqualTo(NETWORK_C);
    }

    @Test
    void aRoomWaitAvoidsNoNetworkAndAPartnerWithoutOneIsNotRemembered() {
        Session session = new Session(Ids.random(), 5, 10);
        session.attach(connection(new RecordingChannel(), NETWORK_A));
        session.acceptMatch(session.startWaiting(EN, 1), view("p", null));
        session.endMatch();
        session.acceptMatch(session.startWaiting(EN, 1), view("q", NETWORK_B));
        session.endMatch();
        session.startWaiting(new SessionSnapshot.Join(JoinMode.ROOM, null, List.of(), "ab".repeat(16)), 2);
        assertThat(session.waitEntry().avoidNetworks()).isEmpty();
        assertThat(session.waitEntry().network()).isEqualTo(NETWORK_A);
        assertThat(session.recentPartnerNetworks()).containsExactly(NETWORK_B);
    }

    private static final String NETWORK_A = "0a".repeat(16);
    private static final String NETWORK_B = "0b".repeat(16);
    private static final String NETWORK_C = "0c".repeat(16);

    private static MatchView view(String partner) {
        return view(partner, NETWORK_B);
    }

    private static MatchView view(String partner, String partnerNetwork) {
        return new MatchView(Ids.random(), partner, "pod", Role.OFFERER, List.of(), "ticket", partnerNetwork);
    }

    private static ClientConnection connection(ClientChannel channel) {
        return connection(channel, NETWORK_A);
    }

    private static ClientConnection connection(ClientChannel channel, String network) {
        return new ClientConnection(channel, "127.0.0.1", network, new TokenBucket(10, 10, 0), 100, 20, 0);
    }
}
