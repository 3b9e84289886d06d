package dev.ghostline.turn;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs coturn's turnutils_uclient against the local test server, always on 127.0.0.1. */
final class Uclient {
    private static final long TIMEOUT_SECONDS = 20;

    record Result(int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    /** Client-to-client relay (-y): two local clients relay messages to each other. */
    static Result relayBetweenClients(int port, String username, String password, boolean tcp)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-u", username, "-w", password, "-p", Integer.toString(port),
                "-y", "-n", "5", "-m", "1", "-l", "100", "-z", "5"));
        if (tcp) {
            args.add(0, "-t");
        }
        return run(args);
    }

    /** Relays towards {@code peer} (-e); -x asks for an IPv6 relay, needed for IPv6 and mapped peers. */
    static Result relayToPeer(int port, String username, String password, String peer)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-u", username, "-w", password, "-p", Integer.toString(port),
                "-e", peer, "-r", "3480", "-n", "1", "-m", "1", "-l", "100"));
        args.add(0, peer.contains(":") ? "-x" : "-X");
        return run(args);
    }

    private static Result run(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("turnutils_uclient");
        command.addAll(args);
        command.add("127.0.0.1");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ProcessOutput output = ProcessOutput.drain(process);
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            output.awaitEnd(1000);
            return new Result(-1, output.text() + "\n[timed out after " + TIMEOUT_SECONDS + " s]");
        }
        output.awaitEnd(2000);
        return new Result(process.exitValue(), output.text());
    }
}
