package dev.ghostline.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/** The load generator's entry point: one system, one scenario, one result line. */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] argv) throws Exception {
        BenchArgs args;
        try {
            args = BenchArgs.parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println(BenchArgs.USAGE);
            System.exit(2);
            return;
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(args.threads()));
        try {
            Result result = run(args, vertx);
            System.out.println(result.toLine());
            if (args.resultsFile() != null) {
                Files.writeString(Path.of(args.resultsFile()), result.toLine() + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static Result run(BenchArgs args, Vertx vertx) throws InterruptedException, IOException {
        ClientPool clients = new ClientPool(vertx, args.perSourceAddress());
        switch (args.scenario()) {
            case RELAY, PACED -> {
                RelayScenario relay = new RelayScenario(args, vertx, clients);
                try {
                    return relay.run();
                } finally {
                    relay.stop();
                }
            }
            case CHURN -> {
                ChurnScenario churn = new ChurnScenario(args, vertx, clients);
                try {
                    return churn.run();
                } finally {
                    churn.stop();
                }
            }
            default -> {
                IdleScenario idle = new IdleScenario(args, vertx, clients);
                try {
                    return idle.run();
                } finally {
                    idle.stop();
                }
            }
        }
    }
}
