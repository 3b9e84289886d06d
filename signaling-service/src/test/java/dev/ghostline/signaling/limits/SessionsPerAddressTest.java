package dev.ghostline.signaling.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SessionsPerAddressTest {
    private static final String NETWORK = "0a".repeat(16);
    private static final String OTHER = "0b".repeat(16);

    @Test
    void aNetworkIsRefusedAtItsCapWhileAnotherIsNot() {
        SessionsPerAddress cap = new SessionsPerAddress(3);
        assertThat(cap.tryOpen(NETWORK)).isTrue();
        assertThat(cap.tryOpen(NETWORK)).isTrue();
        assertThat(cap.tryOpen(NETWORK)).isTrue();
        assertThat(cap.tryOpen(NETWORK)).isFalse();
        assertThat(cap.count(NETWORK)).isEqualTo(3);
        assertThat(cap.tryOpen(OTHER)).isTrue();
    }

    @Test
    void aClosedSessionFreesItsPlaceAndAnEmptyNetworkIsForgotten() {
        SessionsPerAddress cap = new SessionsPerAddress(1);
        assertThat(cap.tryOpen(NETWORK)).isTrue();
        cap.close(NETWORK);
        assertThat(cap.networks()).isZero();
        assertThat(cap.tryOpen(NETWORK)).isTrue();
        cap.close(NETWORK);
        cap.close(NETWORK);
        assertThat(cap.count(NETWORK)).isZero();
    }

    @Test
    void resumedSessionsAreCountedPastTheCapAndStillBlockNewOnes() {
        SessionsPerAddress cap = new SessionsPerAddress(2);
        cap.open(NETWORK);
        cap.open(NETWORK);
        cap.open(NETWORK);
        assertThat(cap.count(NETWORK)).isEqualTo(3);
        assertThat(cap.tryOpen(NETWORK)).isFalse();
        cap.close(NETWORK);
        cap.close(NETWORK);
        assertThat(cap.tryOpen(NETWORK)).isTrue();
    }

    @Test
    void racingOpensNeverPassTheCap() throws Exception {
        SessionsPerAddress cap = new SessionsPerAddress(50);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> opens = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                opens.add(() -> cap.tryOpen(NETWORK));
            }
            int opened = 0;
            for (Future<Boolean> result : pool.invokeAll(opens)) {
                opened += result.get() ? 1 : 0;
            }
            assertThat(opened).isEqualTo(50);
            assertThat(cap.count(NETWORK)).isEqualTo(50);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theCapMustAllowOneSession() {
        assertThatThrownBy(() -> new SessionsPerAddress(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
