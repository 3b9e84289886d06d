package dev.ghostline.matchmaker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import dev.ghostline.support.testing.Management;
import dev.ghostline.support.testing.NatsServerResource;
import dev.ghostline.protocol.bus.BusCodec;
import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.bus.Subjects;
import dev.ghostline.protocol.crypto.Ids;
import dev.ghostline.protocol.crypto.MatchTicket;
import dev.ghostline.protocol.crypto.MatchTickets;
import dev.ghostline.protocol.moderation.ModerationStream;
import dev.ghostline.protocol.moderation.ReportReason;
import dev.ghostline.support.ModerationStreamSetup;
import dev.ghostline.protocol.wire.ErrorCode;
import dev.ghostline.protocol.wire.JoinMode;
import dev.ghostline.protocol.wire.Role;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The service against a real nats-server, driven the way signaling pods drive it. */
@QuarkusTest
@WithTestResource(NatsServerResource.class)
class MatchmakerServiceTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @ConfigProperty(name = "ghostline.nats.url")
    String natsUrl;

    @Inject
    MatchTickets tickets;

    private final BusCodec codec = new BusCodec();
    private final Map<String, List<BusMessage>> inbox = new ConcurrentHashMap<>();
    private Connection pod;
    private Dispatcher sessionSubjects;

    @BeforeEach
    void connectAsAPod() throws Exception {
        pod = Nats.connect(natsUrl);
        sessionSubjects = pod.createDispatcher(message -> inbox
                .computeIfAbsent(Subjects.sessionIdOf(message.getSubject()), id -> new CopyOnWriteArrayList<>())
                .add(codec.decode(message.getData())));
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        pod.close();
    }

    @Test
    void twoWaitersInOneLobbyAreMatchedWithOppositeRolesAndOneTicket() throws Exception {
        String a = Ids.random();
        String b = Ids.random();
        String networkA = Ids.random();
        String networkB = Ids.random();
        String lobby = "lobby-" + Ids.random();
        listenAs(a, b);
        long now = System.currentTimeMillis();

        publishWait("pod-a", randomWait(a, lobby, List.of("chess", "jazz"), now - 1_000, networkA, List.of()));
        publishWait("pod-b", randomWait(b, lobby, List.of("jazz"), now, networkB, List.of()));

        BusMessage.Matched toA = awaitMessage(a, BusMessage.Matched.class);
        BusMessage.Matched toB = awaitMessage(b, BusMessage.Matched.class);
        assertThat(toA.session()).isEqualTo(a);
        assertThat(toA.joinSeq()).isEqualTo(1);
        assertThat(toA.match().partner()).isEqualTo(b);
        assertThat(toA.match().partnerPod()).isEqualTo("pod-b");
        assertThat(toA.match().role()).as("a waited longer").isEqualTo(Role.OFFERER);
        assertThat(toB.match().partner()).isEqualTo(a);
        assertThat(toB.match().partnerPod()).isEqualTo("pod-a");
        assertThat(toB.match().role()).isEqualTo(Role.ANSWERER);
        assertThat(toB.match().matchId()).isEqualTo(toA.match().matchId());
        assertThat(toA.match().commonInterests()).containsExactly("jazz");

        MatchTicket ticket = tickets.verify(toA.match().ticket()).orElseThrow();
        assertThat(ticket.matchId()).isEqualTo(toA.match().matchId());
        assertThat(ticket.hasParty(a)).isTrue();
        assertThat(ticket.hasParty(b)).isTrue();
        assertThat(toB.match().ticket()).isEqualTo(toA.match().ticket());
        assertThat(ticket.networkOf(a)).contains(networkA);
        assertThat(ticket.networkOf(b)).contains(networkB);
        assertThat(toA.match().partnerNetwork()).isEqualTo(networkB);
        assertThat(toB.match().partnerNetwork()).isEqualTo(networkA);
        await().atMost(PATIENCE).untilAsserted(
                () -> assertThat(metric("ghostline_matchmaker_matches_total")).isGreaterThanOrEqualTo(1));
    }

    @Test
    void aWaiterFromAPodThatSendsNoNetworkCountsAsANetworkOfItsOwn() throws Exception {
        String old = Ids.random();
        String b = Ids.random();
        String networkB = Ids.random();
        String lobby = "lobby-" + Ids.random();
        listenAs(old, b);
        long now = System.currentTimeMillis();

        publishWait("pod-old", randomWait(old, lobby, List.of(), now - 1_000, null, null));
        publishWait("pod-b", randomWait(b, lobby, List.of(), now, networkB, List.of()));

        BusMessage.Matched toOld = awaitMessage(old, BusMessage.Matched.class);
        BusMessage.Matched toB = awaitMessage(b, BusMessage.Matched.class);
        MatchTicket ticket = tickets.verify(toB.match().ticket()).orElseThrow();
        assertThat(ticket.networkOf(old)).contains(old);
        assertThat(ticket.networkOf(b)).contains(networkB);
        assertThat(toB.match().partnerNetwork()).isEqualTo(old);
        assertThat(toOld.match().partnerNetwork()).isEqualTo(networkB);
    }

    @Test
    void aWaiterIsNotMatchedWithARecentPartnersNetwork() throws Exception {
        String a = Ids.random();
        String b = Ids.random();
        String c = Ids.random();
        String networkA = Ids.random();
        String lobby = "lobby-" + Ids.random();
        listenAs(a, b, c);
        long now = System.currentTimeMillis();

        publishWait("pod-a", randomWait(a, lobby, List.of(), now - 2_000, networkA, List.of()));
        publishWait("pod-b", randomWait(b, lobby, List.of(), now - 1_000, Ids.random(), List.of(networkA)));
        publishWait("pod-b", randomWait(c, lobby, List.of(), now, Ids.random(), List.of()));

        assertThat(awaitMessage(a, BusMessage.Matched.class).match().partner()).as("b avoids a's network")
                .isEqualTo(c);
    }

    @Test
    void aRoomPairsTheFirstTwoAndRefusesTheThird() throws Exception {
        String a = Ids.random();
        String b = Ids.random();
        String c = Ids.random();
        String room = Ids.random();
        listenAs(a, b, c);
        long now = System.currentTimeMillis();

        publishWait("pod-a", roomWait(a, room, now), roomWait(b, room, now));
        publishWait("pod-b", roomWait(c, room, now));

        BusMessage.JoinRejected refused = awaitMessage(c, BusMessage.JoinRejected.class);
        assertThat(refused).isEqualTo(new BusMessage.JoinRejected(c, 1, ErrorCode.ROOM_FULL));
        assertThat(awaitMessage(a, BusMessage.Matched.class).match().partner()).isEqualTo(b);
        assertThat(awaitMessage(b, BusMessage.Matched.class).match().partner()).isEqualTo(a);
        assertThat(inbox.get(c)).hasSize(1);
    }

    @Test
    void aCancelledWaiterIsNotMatched() throws Exception {
        String gone = Ids.random();
        String b = Ids.random();
        String c = Ids.random();
        String lobby = "lobby-" + Ids.random();
        listenAs(gone, b, c);
        long now = System.currentTimeMillis();

        publishWait("pod-a", randomWait(gone, lobby, List.of(), now - 5_000));
        pod.publish(Subjects.MATCHMAKER_CANCEL, codec.encode(
                new BusMessage.CancelBatch("pod-a", List.of(new BusMessage.CancelEntry(gone, 1)))));
        publishWait("pod-b", randomWait(b, lobby, List.of(), now));
        publishWait("pod-b", randomWait(c, lobby, List.of(), now));

        assertThat(awaitMessage(b, BusMessage.Matched.class).match().partner()).isEqualTo(c);
        assertThat(inbox.get(gone)).isNull();
    }

    @Test
    void undecodableMessagesAreCountedAndIgnored() {
        double before = metric("ghostline_matchmaker_bad_messages_total");

        pod.publish(Subjects.MATCHMAKER_WAIT, "{not json".getBytes(StandardCharsets.UTF_8));
        pod.publish(Subjects.MATCHMAKER_CANCEL, codec.encode(new BusMessage.Heartbeat("pod-a")));

        await().atMost(PATIENCE).untilAsserted(
                () -> assertThat(metric("ghostline_matchmaker_bad_messages_total")).isGreaterThanOrEqualTo(before + 2));
    }

    @Test
    void aRevokedSessionLeavesThePoolAndItsLateRefreshesAreRefused() throws Exception {
        String revoked = Ids.random();
        String b = Ids.random();
        String c = Ids.random();
        String lobby = "lobby-" + Ids.random();
        listenAs(revoked, b, c);
        long now = System.currentTimeMillis();
        publishWait("pod-a", randomWait(revoked, lobby, List.of(), now - 5_000));

        // As the moderation service does: a JetStream publish, which plain subscribers receive too.
        ModerationStreamSetup.ensure(pod, 1);
        pod.jetStream().publish(ModerationStream.REVOKED, codec.encode(new BusMessage.SessionRevoked(revoked,
                ReportReason.SPAM, now / 1000 + 3_600)));
        publishWait("pod-a", randomWait(revoked, lobby, List.of(), now - 5_000));
        publishWait("pod-b", randomWait(b, lobby, List.of(), now));
        publishWait("pod-b", randomWait(c, lobby, List.of(), now));

        assertThat(awaitMessage(b, BusMessage.Matched.class).match().partner()).isEqualTo(c);
        assertThat(inbox.get(revoked)).isNull();
        assertThat(metric("ghostline_matchmaker_revocations_total")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aStaticInstanceLeadsAndSaysSoInHealthAndMetrics() {
        Management.given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'matchmaker-leadership' }.status", is("UP"))
                .body("checks.find { it.name == 'matchmaker-leadership' }.data.role", is("leader"));
        assertThat(metric("ghostline_matchmaker_leader")).isEqualTo(1);
    }

    @Test
    void isReadyWhileConnectedToNats() {
        await().atMost(PATIENCE).untilAsserted(() -> Management.given().when().get("/q/health/ready")
                .then().statusCode(200).body("status", is("UP")));
    }

    private void listenAs(String... sessions) throws Exception {
        for (String session : sessions) {
            sessionSubjects.subscribe(Subjects.session(session));
        }
        pod.flush(PATIENCE);
    }

    private void publishWait(String podId, BusMessage.WaitEntry... entries) {
        pod.publish(Subjects.MATCHMAKER_WAIT, codec.encode(new BusMessage.WaitBatch(podId, List.of(entries))));
    }

    private static BusMessage.WaitEntry randomWait(String session, String lobby, List<String> interests,
                                                   long since) {
        return randomWait(session, lobby, interests, since, Ids.random(), List.of());
    }

    private static BusMessage.WaitEntry randomWait(String session, String lobby, List<String> interests,
                                                   long since, String network, List<String> avoidNetworks) {
        return new BusMessage.WaitEntry(session, 1, JoinMode.RANDOM, lobby, interests, null, List.of(), since, false,
                network, avoidNetworks);
    }

    private static BusMessage.WaitEntry roomWait(String session, String room, long since) {
        return new BusMessage.WaitEntry(session, 1, JoinMode.ROOM, null, List.of(), room, List.of(), since, false,
                Ids.random(), List.of());
    }

    private <T extends BusMessage> T awaitMessage(String session, Class<T> type) {
        return await().atMost(PATIENCE).until(() -> first(session, type), Objects::nonNull);
    }

    private <T extends BusMessage> T first(String session, Class<T> type) {
        return inbox.getOrDefault(session, List.of()).stream().filter(type::isInstance).map(type::cast)
                .findFirst().orElse(null);
    }

    /** One unlabelled sample from the Prometheus endpoint. */
    private static double metric(String name) {
        String exposition = Management.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return exposition.lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name));
    }
}
