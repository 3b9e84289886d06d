package dev.ghostline.matchmaker.engine;

/** How a candidate wants to be matched: a stranger from its lobby, or the other holder of its room. */
public enum Mode {
    RANDOM,
    ROOM
}
