package dev.ghostline.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs a render's NATS pod the way the kubelet would, as far as a test can: the ConfigMap's files in a temp
 * copy of the pod's layout ({@code etc/nats}, {@code var/run/nats}), the container's command and environment with
 * {@code $(VAR)} expanded, Secret keys and the pod name filled in, plus {@code -t}, nats-server's test mode, which
 * checks the configuration and exits. The temp directory is deleted afterwards.
 *
 * <p>Debian's nats-server here is 2.9.10 while the chart's image is 2.10: a key that only 2.10 knows would fail
 * this check, so the chart's nats.conf sticks to keys both versions read.
 */
final class NatsServerCheck {
    static final Path NATS_SERVER = Path.of("/usr/sbin/nats-server");
    private static final Pattern KUBELET_VAR = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    private static final String CONFIG_DIR = "/etc/nats";

    /** What the check saw: nats-server's exit code and output, and the routes.conf the entrypoint wrote. */
    record Result(int exitCode, String output, String routes, Set<PosixFilePermission> routesPermissions) {
    }

    private NatsServerCheck() {
    }

    /**
     * @param secretKeys the value of each Secret key the container references ({@code key -> value})
     * @param leaveOut   environment variables to leave out, to show the check notices
     */
    static Result run(Manifests manifests, Map<String, String> secretKeys, Set<String> leaveOut) {
        if (!Files.isExecutable(NATS_SERVER)) {
            throw new AssertionError(NATS_SERVER + " is needed to check the rendered nats.conf (Debian package nats-server)");
        }
        StatefulSet nats = manifests.get(StatefulSet.class, Manifests.name("nats"));
        Container container = nats.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> files = manifests.configMap("nats").getData();
        Path root = null;
        try {
            root = Files.createTempDirectory("ghostline-nats-conf-");
            Path configDir = Files.createDirectories(root.resolve("etc/nats"));
            Path runtimeDir = Files.createDirectories(root.resolve("var/run/nats"));
            for (Map.Entry<String, String> file : files.entrySet()) {
                Files.writeString(configDir.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
            }
            Map<String, String> env = podEnvironment(container, nats.getMetadata().getName() + "-0", secretKeys);
            leaveOut.forEach(env::remove);
            // The pod's paths, moved under the temp directory; nats.conf's relative include still lands there.
            env.put("NATS_CONFIG", configDir.resolve("nats.conf").toString());
            env.put("NATS_RUNTIME_DIR", runtimeDir.toString());
            env.put("NATS_SERVER_BIN", NATS_SERVER.toString());

            List<String> command = new ArrayList<>();
            for (String arg : container.getCommand()) {
                command.add(arg.startsWith(CONFIG_DIR + "/") ? configDir.resolve(arg.substring(CONFIG_DIR.length() + 1)).toString() : arg);
            }
            command.add("-t");
            // Output to a file, so a hanging process cannot block the read and the timeout below applies.
            Path outputFile = root.resolve("output.txt");
            ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                    .redirectErrorStream(true).redirectOutput(outputFile.toFile());
            builder.environment().clear();
            builder.environment().put("PATH", "/usr/sbin:/usr/bin:/bin");
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError("nats-server -t did not exit: " + Files.readString(outputFile));
            }
            String output = Files.readString(outputFile);
            Path routes = runtimeDir.resolve("routes.conf");
            boolean written = Files.exists(routes);
            return new Result(process.exitValue(), output, written ? Files.readString(routes) : null,
                    written ? Files.getPosixFilePermissions(routes) : Set.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            deleteRecursively(root);
        }
    }

    /** The container's environment as the kubelet builds it: in order, $(VAR) expanded from earlier entries. */
    private static Map<String, String> podEnvironment(Container container, String podName, Map<String, String> secretKeys) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar var : container.getEnv()) {
            String value;
            if (var.getValueFrom() == null) {
                value = expand(var.getValue(), env);
            } else if (var.getValueFrom().getSecretKeyRef() != null) {
                String key = var.getValueFrom().getSecretKeyRef().getKey();
                value = secretKeys.get(key);
                if (value == null) {
                    throw new AssertionError(var.getName() + " reads Secret key " + key + ", which the test gave no value");
                }
            } else if ("metadata.name".equals(var.getValueFrom().getFieldRef().getFieldPath())) {
                value = podName;
            } else {
                throw new AssertionError(var.getName() + ": no stand-in for " + var.getValueFrom());
            }
            env.put(var.getName(), value);
        }
        return env;
    }

    private static String expand(String value, Map<String, String> defined) {
        Matcher m = KUBELET_VAR.matcher(value == null ? "" : value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            // The kubelet leaves a reference to an undefined variable as it is.
            m.appendReplacement(out, Matcher.quoteReplacement(defined.getOrDefault(m.group(1), m.group())));
        }
        return m.appendTail(out).toString();
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
