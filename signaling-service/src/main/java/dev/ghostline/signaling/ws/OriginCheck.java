package dev.ghostline.signaling.ws;

import dev.ghostline.signaling.SignalingConfig;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Refuses the WebSocket upgrade (HTTP 403) for an Origin not on the allowlist, against cross-site hijacking. */
@ApplicationScoped
public class OriginCheck implements HttpUpgradeCheck {
    private final OriginPolicy policy;

    OriginCheck(SignalingConfig config) {
        this.policy = new OriginPolicy(config.allowedOrigins(), config.allowMissingOrigin());
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (policy.allows(context.httpRequest().getHeader("Origin"))) {
            return CheckResult.permitUpgrade();
        }
        return CheckResult.rejectUpgrade(403);
    }
}
