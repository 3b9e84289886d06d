package dev.ghostline.signaling.bus;

import dev.ghostline.protocol.crypto.Ids;
import dev.ghostline.signaling.SignalingConfig;
import jakarta.inject.Singleton;

/** This pod's name on the bus. */
@Singleton
public class PodIdentity {
    private final String id;

    PodIdentity(SignalingConfig config) {
        this.id = config.podId().orElseGet(() -> "pod-" + Ids.random().substring(0, 12));
    }

    public String id() {
        return id;
    }
}
