package dev.ghostline.moderation.core;

import dev.ghostline.protocol.crypto.MatchTicket;
import java.util.Arrays;
import java.util.Optional;

/** Which side of a match a moderator revokes. The offerer is the ticket's {@code a}, the answerer its {@code b}. */
public enum Party {
    OFFERER("offerer"),
    ANSWERER("answerer");

    private final String code;

    Party(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public String sessionOf(MatchTicket ticket) {
        return this == OFFERER ? ticket.a() : ticket.b();
    }

    public static Optional<Party> fromCode(String code) {
        return Arrays.stream(values()).filter(p -> p.code.equals(code)).findFirst();
    }
}
