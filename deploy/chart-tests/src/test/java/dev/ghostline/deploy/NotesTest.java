package dev.ghostline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What NOTES.txt tells the operator after an install: the Secrets to know about and what is still missing. */
class NotesTest extends ChartTestBase {

    @Test
    void listsEverySecretTheInstallUses() {
        String notes = Chart.defaults().notes();

        assertThat(notes).contains("cluster secret    Secret gl-ghostline-cluster",
                "TURN secret       Secret gl-ghostline-turn (key turn-secret; shared by coturn and signaling)",
                "NATS auth         Secret gl-ghostline-nats-auth (keys user, password for the services; "
                        + "route-user, route-password for the routes)",
                "moderator keys    Secret gl-ghostline-moderator-api-keys");
    }

    @Test
    void warnsThatTurnRunsWithoutTlsUntilItsSecretExists() {
        String notes = Chart.defaults().notes();

        assertThat(notes).contains("WARNING: Secret \"gl-ghostline-turn-tls\" does not exist (yet): coturn serves plain turn: only",
                "kubectl -n chat rollout restart deployment gl-ghostline-coturn",
                "the relay range 49152-65535/udp");
    }

    @Test
    void tellsWhereTheRelaysAddressesComeFrom() {
        assertThat(Chart.with(Chart.EXAMPLE_VALUES).notes()).contains("Each relay detects its node's public address at start");
        assertThat(Chart.with(Chart.PRODUCTION_VALUES).notes()).contains("203.0.113.10 (the LoadBalancer)",
                "the relay ports 50000-50039/udp", "TURN secret       Secret ops-turn-secret (key secret;",
                "NATS auth         Secret ops-nats-auth");
        assertThat(Chart.defaults().set("coturn.tls.enabled", false).notes())
                .contains("TLS is off (coturn.tls.enabled=false)").doesNotContain("does not exist (yet)");
    }
}
