package dev.ghostline.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Every manifest of one render, parsed into fabric8's typed model, with the look-ups the tests share. */
final class Manifests {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    private final List<HasMetadata> all;

    private Manifests(List<HasMetadata> all) {
        this.all = all;
    }

    static Manifests parse(String rendered) {
        List<HasMetadata> parsed = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(rendered)) {
            if (document.lines().anyMatch(line -> !line.isBlank() && !line.startsWith("#"))) {
                parsed.add(SERIALIZATION.unmarshal(document));
            }
        }
        return new Manifests(List.copyOf(parsed));
    }

    List<HasMetadata> all() {
        return all;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name
                + " among " + all.stream().map(r -> r.getKind() + "/" + r.getMetadata().getName()).toList()));
    }

    /** The resource name of a component: {@code gl-ghostline-<component>}. */
    static String name(String component) {
        return Chart.RELEASE + "-ghostline-" + component;
    }

    /** Pod templates of every Deployment and StatefulSet, keyed by workload name. */
    Map<String, PodTemplateSpec> podTemplates() {
        Map<String, PodTemplateSpec> templates = new LinkedHashMap<>();
        all(Deployment.class).forEach(d -> templates.put(d.getMetadata().getName(), d.getSpec().getTemplate()));
        all(StatefulSet.class).forEach(s -> templates.put(s.getMetadata().getName(), s.getSpec().getTemplate()));
        return templates;
    }

    /** The pod spec of every workload and of every helm test Pod, keyed by owner name. */
    Map<String, PodSpec> podSpecs() {
        Map<String, PodSpec> specs = new LinkedHashMap<>();
        podTemplates().forEach((owner, template) -> specs.put(owner, template.getSpec()));
        all(Pod.class).forEach(p -> specs.put(p.getMetadata().getName(), p.getSpec()));
        return specs;
    }

    /** Every container and init container of every workload and test pod, as "owner/container". */
    Map<String, Container> containers() {
        Map<String, Container> containers = new LinkedHashMap<>();
        podSpecs().forEach((owner, spec) -> {
            spec.getContainers().forEach(c -> containers.put(owner + "/" + c.getName(), c));
            if (spec.getInitContainers() != null) {
                spec.getInitContainers().forEach(c -> containers.put(owner + "/init:" + c.getName(), c));
            }
        });
        return containers;
    }

    Container container(String workload) {
        return podTemplates().get(workload).getSpec().getContainers().get(0);
    }

    static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no env " + name));
    }

    static boolean hasEnv(Container container, String name) {
        return container.getEnv().stream().anyMatch(e -> e.getName().equals(name));
    }

    ConfigMap configMap(String component) {
        return get(ConfigMap.class, name(component));
    }

    /** NATS user names: keys of the nats-auth Secret that hold no secret. */
    private static final java.util.Set<String> USER_NAMES = java.util.Set.of("user", "route-user");

    /** The decoded values of every Secret the chart renders, except NATS' user names, which are no secret. */
    List<String> secretValues() {
        List<String> values = new ArrayList<>();
        for (Secret secret : all(Secret.class)) {
            if (secret.getData() != null) {
                secret.getData().forEach((key, v) -> {
                    if (!USER_NAMES.contains(key)) {
                        values.add(new String(Base64.getDecoder().decode(v)));
                    }
                });
            }
            if (secret.getStringData() != null) {
                values.addAll(secret.getStringData().values());
            }
        }
        return values;
    }
}
