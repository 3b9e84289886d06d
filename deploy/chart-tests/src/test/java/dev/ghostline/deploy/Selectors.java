package dev.ghostline.deploy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.Map;

/**
 * Label selectors and NetworkPolicy ingress rules evaluated the way the API server and a CNI do, so tests can
 * ask "would this pod be selected / let in" instead of comparing selector text.
 */
final class Selectors {
    private Selectors() {
    }

    /** Whether {@code selector} selects a pod with {@code labels}; an empty selector selects every pod. */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector.getMatchLabels() != null
                && !labels.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
            return false;
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
                if (!meets(requirement, labels)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean meets(LabelSelectorRequirement requirement, Map<String, String> labels) {
        String value = labels.get(requirement.getKey());
        return switch (requirement.getOperator()) {
            case "In" -> value != null && requirement.getValues().contains(value);
            case "NotIn" -> value == null || !requirement.getValues().contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> throw new AssertionError("unknown selector operator " + requirement.getOperator());
        };
    }

    /**
     * Whether {@code policy}'s ingress rules let in TCP on {@code port} from a pod with {@code labels} in the
     * policy's own namespace. Peers with a namespace selector or an IP block are not that pod.
     */
    static boolean admits(NetworkPolicy policy, Map<String, String> labels, int port) {
        if (policy.getSpec().getIngress() == null) {
            return false;
        }
        for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
            boolean portMatches = rule.getPorts() == null || rule.getPorts().isEmpty() || rule.getPorts().stream()
                    .anyMatch(p -> p.getPort() != null && Integer.valueOf(port).equals(p.getPort().getIntVal())
                            && (p.getProtocol() == null || "TCP".equals(p.getProtocol())));
            if (!portMatches) {
                continue;
            }
            if (rule.getFrom() == null || rule.getFrom().isEmpty()) {
                return true; // no "from": every source
            }
            for (NetworkPolicyPeer peer : rule.getFrom()) {
                if (peer.getNamespaceSelector() == null && peer.getIpBlock() == null && peer.getPodSelector() != null
                        && selects(peer.getPodSelector(), labels)) {
                    return true;
                }
            }
        }
        return false;
    }
}
