package dev.ghostline.turn;

import dev.ghostline.support.testing.ManagedProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs coturn's turnutils_uclient against the local test server, always on 127.0.0.1. */
final class Uclient {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final Path home;
    private int runs;

    /** Each run gets a directory of its own under {@code home}. */
    Uclient(Path home) {
        this.home = home;
    }

    record Result(int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    /** Client-to-client relay (-y): two local clients relay messages to each other. */
    Result relayBetweenClients(int port, String username, String password, boolean tcp) {
        List<String> args = new ArrayList<>(List.of("-u", username, "-w", password, "-p", Integer.toString(port),
                "-y", "-n", "5", "-m", "1", "-l", "100", "-z", "5"));
        if (tcp) {
            args.add(0, "-t");
        }
        return run(args);
    }

    /** Relays towards {@code peer} (-e); -x asks for an IPv6 relay, needed for IPv6 and mapped peers. */
    Result relayToPeer(int port, String username, String password, String peer) {
        List<String> args = new ArrayList<>(List.of("-u", username, "-w", password, "-p", Integer.toString(port),
                "-e", peer, "-r", "3480", "-n", "1", "-m", "1", "-l", "100"));
        args.add(0, peer.contains(":") ? "-x" : "-X");
        return run(args);
    }

    private Result run(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add("turnutils_uclient");
        command.addAll(args);
        command.add("127.0.0.1");
        ManagedProcess uclient = ManagedProcess.start("uclient", home.resolve("run-" + ++runs), command, Map.of());
        if (!uclient.awaitExit(TIMEOUT)) {
            uclient.kill();
            return new Result(-1, uclient.logs() + "\n[timed out after " + TIMEOUT.toSeconds() + " s]");
        }
        return new Result(uclient.exitCode(), uclient.logs());
    }
}
