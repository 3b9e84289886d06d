package dev.ghostline.matchmaker.engine;

import java.util.List;

/** Two sessions matched. The offerer is the one that waited longer. */
public record Pairing(PairedSession offerer, PairedSession answerer, List<String> commonInterests) implements Outcome {

    public Pairing {
        commonInterests = List.copyOf(commonInterests);
    }
}
