package dev.ghostline.systemtests.harness;

import dev.ghostline.support.testing.ManagedProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the packaged services are, and how to run one. Tests never build services: the reactor does. */
final class ServiceJars {
    private ServiceJars() {
    }

    static Path matchmaker() {
        return jar("matchmaker-service");
    }

    static Path signaling() {
        return jar("signaling-service");
    }

    static Path moderation() {
        return jar("moderation-service");
    }

    private static Path jar(String module) {
        Path jar = reactorRoot().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first"
                    + " (mvn -B verify from the repository root does, so does ./ghostline test)");
        }
        return jar;
    }

    /** Failsafe sets ghostline.root to the reactor root; from an IDE the module directory's parent is it. */
    private static Path reactorRoot() {
        return Path.of(System.getProperty("ghostline.root", "..")).toAbsolutePath().normalize();
    }

    /**
     * The command for a fast-jar. Serial GC, C1 only and a small heap make several JVMs start quickly side by
     * side on a small CI machine; -XX:-UsePerfData keeps the JVM from writing its hsperfdata file.
     */
    static List<String> javaCommand(Path jar) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return List.of(java.toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m", "-XX:-UsePerfData",
                "-Djava.io.tmpdir=" + ManagedProcess.TMP_DIR_PLACEHOLDER,
                "-jar", jar.toString());
    }
}
