package dev.ghostline.systemtests.harness;

import dev.ghostline.protocol.wire.WireCodec;
import dev.ghostline.protocol.wire.WireValidator;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Collects what a server sends on one WebSocket: decoded text frames in arrival order, plus how the
 * connection ended (the close code, or 1006 when it broke without a close frame).
 */
final class FrameListener implements WebSocket.Listener {
    /** RFC 6455: reserved for "closed abnormally, no close frame". */
    static final int ABNORMAL_CLOSURE = 1006;
    private static final WireCodec CODEC = new WireCodec(new WireValidator(16384));

    private final BlockingQueue<ReceivedFrame> pending = new LinkedBlockingQueue<>();
    private final List<String> history = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String raw = partial.toString();
            partial.setLength(0);
            ReceivedFrame frame = decode(raw);
            synchronized (history) {
                history.add(frame.toString());
            }
            pending.add(frame);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        // The protocol has text frames only; record the surprise so a failing test shows it.
        synchronized (history) {
            history.add("<binary frame of " + data.remaining() + " bytes>");
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        synchronized (history) {
            history.add("<closed " + statusCode + (reason.isEmpty() ? "" : " " + reason) + ">");
        }
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        synchronized (history) {
            history.add("<broken: " + error + ">");
        }
        closeCode.complete(ABNORMAL_CLOSURE);
    }

    private static ReceivedFrame decode(String raw) {
        try {
            return new ReceivedFrame(raw, CODEC.decodeServer(raw), null);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new ReceivedFrame(raw, null, cause.getMessage());
        }
    }

    BlockingQueue<ReceivedFrame> pending() {
        return pending;
    }

    CompletableFuture<Integer> closeCode() {
        return closeCode;
    }

    /** Everything seen so far, for failure messages. */
    List<String> history() {
        synchronized (history) {
            return new ArrayList<>(history);
        }
    }
}
