package dev.ghostline.matchmaker.engine;

/** What an engine operation decided that the sessions involved must be told. */
public sealed interface Outcome permits Pairing, RoomRejection {
}
