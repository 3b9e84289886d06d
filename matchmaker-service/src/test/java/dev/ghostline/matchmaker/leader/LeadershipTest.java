package dev.ghostline.matchmaker.leader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The leader/follower transitions, without any election behind them. */
class LeadershipTest {
    private final List<String> calls = new ArrayList<>();
    private final Leadership leadership = new Leadership(new LeadershipListener() {
        @Override
        public void startLeading() {
            calls.add("start");
        }

        @Override
        public void stopLeading() {
            calls.add("stop");
        }
    });

    @Test
    void anInstanceStandsByUntilElected() {
        assertThat(leadership.role()).isEqualTo(Leadership.Role.STANDBY);
        assertThat(leadership.isLeader()).isFalse();
        assertThat(calls).isEmpty();

        leadership.elected();

        assertThat(leadership.isLeader()).isTrue();
        assertThat(calls).containsExactly("start");
    }

    @Test
    void repeatedReportsCauseOneTransitionEach() {
        leadership.elected();
        leadership.elected();
        leadership.deposed();
        leadership.deposed();
        leadership.elected();

        assertThat(calls).containsExactly("start", "stop", "start");
        assertThat(leadership.terms()).isEqualTo(2);
    }

    @Test
    void aStandbyThatIsDeposedDoesNothing() {
        leadership.deposed();

        assertThat(calls).isEmpty();
        assertThat(leadership.role()).isEqualTo(Leadership.Role.STANDBY);
    }

    @Test
    void stoppingALeaderStopsItsWorkAndItNeverLeadsAgain() {
        leadership.elected();

        leadership.stop();
        leadership.elected();

        assertThat(calls).containsExactly("start", "stop");
        assertThat(leadership.role()).isEqualTo(Leadership.Role.STOPPED);
    }

    @Test
    void aFixedElectionLeadsFromStartToClose() {
        LeaderElection election = LeaderElection.fixed(leadership);

        election.start();
        assertThat(leadership.isLeader()).isTrue();
        election.close();

        assertThat(calls).containsExactly("start", "stop");
        assertThat(leadership.role()).isEqualTo(Leadership.Role.STOPPED);
    }
}
