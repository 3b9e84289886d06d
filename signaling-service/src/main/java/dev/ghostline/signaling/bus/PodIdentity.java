package dev.ghostline.signaling.bus;

import dev.ghostline.protocol.crypto.Ids;
import dev.ghostline.signaling.SignalingConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** This pod's name on the bus. */
@Singleton
public class PodIdentity {
    private final String id;

    @Inject
    PodIdentity(SignalingConfig config) {
        this(config.podId().orElseGet(() -> "pod-" + Ids.random().substring(0, 12)));
    }

    public PodIdentity(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
