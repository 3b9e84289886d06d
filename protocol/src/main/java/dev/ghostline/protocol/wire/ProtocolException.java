package dev.ghostline.protocol.wire;

/** A client frame broke the protocol. The detail is fixed text chosen by the server, never client input. */
public final class ProtocolException extends Exception {
    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String detail) {
        super(detail, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
