package dev.ghostline.matchmaker.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two matchmakers competing for one Lease. The API server is fabric8's Kubernetes mock server in CRUD mode,
 * the stand-in for a real one, as no Kubernetes API server runs on build machines: it stores the Lease and
 * refuses conflicting writes, which is all the election needs. Each instance has its own client, so killing
 * one is closing its client: it can neither renew nor release, as with a dead pod.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesLeaderElectionTest {
    private static final String NAMESPACE = "ghostline";
    /** Short timings for the crash case, which has to wait out a whole lease. */
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration RENEW = Duration.ofSeconds(2);
    private static final Duration RETRY = Duration.ofMillis(500);
    /** Headroom for the watchdog case, whose bound counts maintenance checks besides retries. */
    private static final Duration HEADROOM = Duration.ofSeconds(3);

    static KubernetesMockServer server;
    static KubernetesClient client;

    private final List<Instance> instances = new ArrayList<>();

    /** One matchmaker's election: its own API client, identity and leadership. */
    private final class Instance {
        final String identity;
        final KubernetesClient ownClient = server.createClient();
        final AtomicBoolean leading = new AtomicBoolean();
        final Leadership leadership = new Leadership(new LeadershipListener() {
            @Override
            public void startLeading() {
                leading.set(true);
            }

            @Override
            public void stopLeading() {
                leading.set(false);
            }
        });
        final LeaseSettings settings;
        final KubernetesLeaderElection election;

        Instance(String identity, Duration lease, Duration renew, Duration retry) {
            this.identity = identity;
            this.settings = new LeaseSettings(NAMESPACE, "ghostline-matchmaker", identity, lease, renew, retry);
            this.election = new KubernetesLeaderElection(ownClient, settings, leadership);
            instances.add(this);
            election.start();
        }

        void crash() {
            ownClient.close();
            election.close();
        }
    }

    @AfterEach
    void stopEveryInstance() {
        for (Instance instance : instances) {
            instance.election.close();
            instance.ownClient.close();
        }
    }

    @Test
    void exactlyOneOfTwoLeadsAndHoldsTheLease() {
        Instance a = new Instance("mm-a", LEASE, RENEW, RETRY);
        Instance b = new Instance("mm-b", LEASE, RENEW, RETRY);

        Instance leader = awaitLeader(a, b, Duration.ofSeconds(10));

        Instance standby = leader == a ? b : a;
        assertThat(standby.leading).isFalse();
        assertThat(standby.leadership.role()).isEqualTo(Leadership.Role.STANDBY);
        assertThat(holder()).isEqualTo(leader.identity);
    }

    @Test
    void whenTheLeaderDiesTheStandbyLeadsWithinTheLeaseDuration() {
        Instance a = new Instance("mm-a", LEASE, RENEW, RETRY);
        Instance b = new Instance("mm-b", LEASE, RENEW, RETRY);
        Instance leader = awaitLeader(a, b, Duration.ofSeconds(10));
        Instance standby = leader == a ? b : a;

        long killed = System.nanoTime();
        leader.crash();

        assertThat(holder()).as("a dead leader releases nothing").isEqualTo(leader.identity);
        // Lease + one jittered retry + 2 s: 3 s + 1.1 s + 2 s, from the moment the leader died.
        TakeoverBounds.awaitWithin(TakeoverBounds.afterCrash(LEASE, RETRY), killed, "standby leads after a crash",
                standby.leading::get);
        assertThat(holder()).isEqualTo(standby.identity);
    }

    @Test
    void aGracefulStopHandsOverWithinAFewSecondsNotALease() {
        // The production timings: the standby must not have to wait out these 15 seconds.
        Duration lease = Duration.ofSeconds(15);
        Duration retry = Duration.ofSeconds(2);
        Instance a = new Instance("mm-a", lease, Duration.ofSeconds(10), retry);
        Instance b = new Instance("mm-b", lease, Duration.ofSeconds(10), retry);
        Instance leader = awaitLeader(a, b, Duration.ofSeconds(10));
        Instance standby = leader == a ? b : a;

        long stopped = System.nanoTime();
        leader.election.close();

        assertThat(leader.leading).isFalse();
        // fabric8 releases by cutting the Lease to one second (its merge patch cannot clear the holder's name).
        Lease released = lease();
        assertThat(!leader.identity.equals(released.getSpec().getHolderIdentity())
                || released.getSpec().getLeaseDurationSeconds() == 1).as("released on close").isTrue();
        // The released second + one jittered retry + 2 s: 1 s + 4.4 s + 2 s, far below the 15 s lease.
        Duration bound = TakeoverBounds.afterRelease(retry);
        assertThat(bound).isLessThan(lease);
        TakeoverBounds.awaitWithin(bound, stopped, "standby leads after a graceful stop", standby.leading::get);
        assertThat(holder()).isEqualTo(standby.identity);
    }

    @Test
    void aWatchdogRestartsAnElectorThatDiedOnAMalformedLease() {
        // A Lease without a lease duration makes fabric8's lock throw a NullPointerException, which ends its
        // acquire loop without completing the election: without the watchdog this instance would never compete
        // again, even once the Lease is fixed. The mock server is shared by this class's tests: start clean.
        client.leases().inNamespace(NAMESPACE).withName("ghostline-matchmaker").delete();
        client.leases().inNamespace(NAMESPACE).resource(new LeaseBuilder().withNewMetadata()
                .withName("ghostline-matchmaker").endMetadata()
                .withNewSpec().withHolderIdentity("mm-ghost").endSpec().build()).create();
        Instance a = new Instance("mm-a", LEASE, RENEW, RETRY);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.election.lastActivityAgeMillis().isPresent());
        assertThat(a.leading).isFalse();

        client.leases().inNamespace(NAMESPACE).withName("ghostline-matchmaker").delete();

        Duration watchdog = KubernetesLeaderElection.watchdogLimit(a.settings);
        await().atMost(watchdog.multipliedBy(2).plus(RETRY.multipliedBy(3)).plus(HEADROOM)).untilTrue(a.leading);
        assertThat(holder()).isEqualTo("mm-a");
    }

    private static Instance awaitLeader(Instance a, Instance b, Duration patience) {
        await().atMost(patience).until(() -> a.leading.get() || b.leading.get());
        Instance leader = a.leading.get() ? a : b;
        assertThat(a.leading.get() && b.leading.get()).as("both lead").isFalse();
        return leader;
    }

    private static Lease lease() {
        return client.leases().inNamespace(NAMESPACE).withName("ghostline-matchmaker").get();
    }

    private static String holder() {
        Lease lease = lease();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }
}
