package dev.ghostline.bench;

/**
 * Signal payloads of realistic size: an SDP offer or answer of about {@code sdpBytes} and an ICE candidate of
 * about {@code candidateBytes}. Each carries the sender's {@link System#nanoTime()} as {@code "t"}, first, so
 * the receiver in the same process reads the one-way latency without parsing the rest.
 */
public final class Payloads {
    private static final String SDP_LINES = "v=0\\r\\no=- 4611731400430051336 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\n"
            + "a=group:BUNDLE 0 1\\r\\na=extmap-allow-mixed\\r\\na=msid-semantic: WMS stream\\r\\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\\r\\nc=IN IP4 0.0.0.0\\r\\n"
            + "a=rtcp:9 IN IP4 0.0.0.0\\r\\na=ice-ufrag:EEtu\\r\\na=ice-pwd:a8bUh0KzA4y4LvpSWBVjEWHX\\r\\n"
            + "a=ice-options:trickle\\r\\na=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:"
            + "DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08\\r\\na=setup:actpass\\r\\na=mid:0\\r\\n"
            + "a=rtpmap:111 opus/48000/2\\r\\na=rtcp-fb:111 transport-cc\\r\\na=fmtp:111 minptime=10;useinbandfec=1\\r\\n";
    private static final String CANDIDATE = "candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx "
            + "raddr 10.0.0.2 rport 46154 generation 0 ufrag EEtu network-id 3 network-cost 10";

    private final String sdpTail;
    private final String candidateTail;

    public Payloads(int sdpBytes, int candidateBytes) {
        this.sdpTail = ",\"k\":\"sdp\",\"sdp\":\"" + fill(SDP_LINES, sdpBytes - 40) + "\"}";
        String candidate = fill(CANDIDATE, Math.max(1, candidateBytes - 70));
        this.candidateTail = ",\"k\":\"candidate\",\"candidate\":\"" + candidate + "\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}";
    }

    public String sdp(long sentNanos) {
        return "{\"t\":" + sentNanos + sdpTail;
    }

    public String candidate(long sentNanos) {
        return "{\"t\":" + sentNanos + candidateTail;
    }

    /** The send time carried by a received frame, or -1 when it has none. */
    public static long sentNanos(String frame) {
        int key = frame.indexOf("\"t\":");
        if (key < 0) {
            return -1;
        }
        int i = key + 4;
        boolean negative = i < frame.length() && frame.charAt(i) == '-';
        if (negative) {
            i++;
        }
        long value = 0;
        int digits = 0;
        for (; i < frame.length(); i++, digits++) {
            char c = frame.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
        }
        if (digits == 0) {
            return -1;
        }
        return negative ? -value : value;
    }

    private static String fill(String unit, int length) {
        StringBuilder text = new StringBuilder(Math.max(length, 0));
        while (text.length() < length) {
            text.append(unit);
        }
        text.setLength(Math.max(length, 0));
        // Never end on half of an escape sequence.
        while (text.length() > 0 && text.charAt(text.length() - 1) == '\\') {
            text.setLength(text.length() - 1);
        }
        return text.toString();
    }
}
