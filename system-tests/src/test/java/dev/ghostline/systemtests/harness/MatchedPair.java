package dev.ghostline.systemtests.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;

/** Two sessions matched with each other; the first joined first. */
public record MatchedPair(Session first, Session second) implements AutoCloseable {

    /** {@code first} joins {@code lobby} on one pod, then {@code second} on another; both must be matched. */
    public static MatchedPair open(String lobby, URI firstPod, URI secondPod) {
        return open(lobby, firstPod, Map.of(), secondPod, Map.of());
    }

    public static MatchedPair open(String lobby, URI firstPod, Map<String, String> firstHeaders,
                                   URI secondPod, Map<String, String> secondHeaders) {
        Session first = Session.start(lobby + "-1", firstPod, firstHeaders);
        first.join(lobby);
        Session second = Session.start(lobby + "-2", secondPod, secondHeaders);
        second.join(lobby);
        String firstMatch = first.awaitMatched().matchId();
        assertThat(second.awaitMatched().matchId()).as("both sides of one match").isEqualTo(firstMatch);
        return new MatchedPair(first, second);
    }

    /** Signals flow both ways and arrive verbatim. */
    public void assertRelaysBothWays() {
        Relay.assertRelayed(first, second);
        Relay.assertRelayed(second, first);
    }

    @Override
    public void close() {
        first.close();
        second.close();
    }
}
