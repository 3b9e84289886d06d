package dev.ghostline.bench;

/**
 * How one system speaks: the path to open, what to send first, how its frames are told apart and how a signal
 * to the partner is framed. Every dialect carries the same payload bytes, so the systems are compared on the
 * same work.
 */
public interface Dialect {

    enum Kind { GHOSTLINE, PEERJS, BARE }

    /** What a received frame means to the generator. */
    enum Event { READY, QUEUED, MATCHED_OFFERER, MATCHED_ANSWERER, SIGNAL, PEER_LEFT, ERROR, OTHER }

    /** Request path and query for a connection named {@code selfId}, paired under {@code pairKey}. */
    String path(String basePath, String selfId, String pairKey);

    /** Sent right after the socket opens; null when the system needs nothing. */
    String greeting();

    /** Whether a READY connection must still join and wait for MATCHED before it can signal. */
    boolean needsJoin();

    /** The join frame for a lobby (Ghostline only). */
    String join(String lobby);

    Event classify(String frame);

    /** A signal carrying {@code payload} (a JSON object) to the partner; {@code sdp} picks the message kind. */
    String signal(String partnerId, boolean sdp, boolean offerer, String payload);

    /** Sent now and then by idle clients to keep the session, or null when the server's pings suffice. */
    String keepAlive();

    static Dialect of(Kind kind) {
        return switch (kind) {
            case GHOSTLINE -> new GhostlineDialect();
            case PEERJS -> new PeerJsDialect();
            case BARE -> new BareDialect();
        };
    }

    /** The value of the first {@code "type"} field; the payloads the generator sends never contain one. */
    static String typeOf(String frame) {
        int key = frame.indexOf("\"type\":\"");
        if (key < 0) {
            return "";
        }
        int start = key + 8;
        int end = frame.indexOf('"', start);
        return end < 0 ? "" : frame.substring(start, end);
    }

    /** Ghostline's own protocol (docs/protocol.md): hello, join with a lobby, matched, signal. */
    final class GhostlineDialect implements Dialect {
        @Override
        public String path(String basePath, String selfId, String pairKey) {
            return basePath;
        }

        @Override
        public String greeting() {
            return "{\"type\":\"hello\"}";
        }

        @Override
        public boolean needsJoin() {
            return true;
        }

        @Override
        public String join(String lobby) {
            return "{\"type\":\"join\",\"mode\":\"random\",\"lobby\":\"" + lobby + "\",\"interests\":[\"bench\"]}";
        }

        @Override
        public Event classify(String frame) {
            return switch (typeOf(frame)) {
                case "signal" -> Event.SIGNAL;
                case "welcome" -> Event.READY;
                case "queued" -> Event.QUEUED;
                case "matched" -> frame.contains("\"role\":\"offerer\"") ? Event.MATCHED_OFFERER : Event.MATCHED_ANSWERER;
                case "peer-left" -> Event.PEER_LEFT;
                case "error" -> Event.ERROR;
                default -> Event.OTHER;
            };
        }

        @Override
        public String signal(String partnerId, boolean sdp, boolean offerer, String payload) {
            return "{\"type\":\"signal\",\"payload\":" + payload + "}";
        }

        @Override
        public String keepAlive() {
            return null;
        }
    }

    /** The PeerJS server's protocol: peers are known by id, messages name their destination. */
    final class PeerJsDialect implements Dialect {
        @Override
        public String path(String basePath, String selfId, String pairKey) {
            return basePath + "?key=peerjs&id=" + selfId + "&token=" + Long.toHexString(selfId.hashCode() * 31L + 7)
                    + "&version=1.5.5";
        }

        @Override
        public String greeting() {
            return null;
        }

        @Override
        public boolean needsJoin() {
            return false;
        }

        @Override
        public String join(String lobby) {
            throw new UnsupportedOperationException("PeerJS has no matching");
        }

        @Override
        public Event classify(String frame) {
            return switch (typeOf(frame)) {
                case "OFFER", "ANSWER", "CANDIDATE" -> Event.SIGNAL;
                case "OPEN" -> Event.READY;
                case "ERROR", "ID-TAKEN", "EXPIRE" -> Event.ERROR;
                case "LEAVE" -> Event.PEER_LEFT;
                default -> Event.OTHER;
            };
        }

        @Override
        public String signal(String partnerId, boolean sdp, boolean offerer, String payload) {
            String type = !sdp ? "CANDIDATE" : offerer ? "OFFER" : "ANSWER";
            return "{\"type\":\"" + type + "\",\"dst\":\"" + partnerId + "\",\"payload\":" + payload + "}";
        }

        @Override
        public String keepAlive() {
            return "{\"type\":\"HEARTBEAT\"}";
        }
    }

    /** The bare relay ({@link BareRelay}): frames go to the other connection of the pair untouched. */
    final class BareDialect implements Dialect {
        @Override
        public String path(String basePath, String selfId, String pairKey) {
            return basePath + "?pair=" + pairKey;
        }

        @Override
        public String greeting() {
            return null;
        }

        @Override
        public boolean needsJoin() {
            return false;
        }

        @Override
        public String join(String lobby) {
            throw new UnsupportedOperationException("the bare relay has no matching");
        }

        @Override
        public Event classify(String frame) {
            return switch (typeOf(frame)) {
                case "signal" -> Event.SIGNAL;
                case BareRelay.PAIRED_TYPE -> Event.READY;
                default -> Event.OTHER;
            };
        }

        @Override
        public String signal(String partnerId, boolean sdp, boolean offerer, String payload) {
            return "{\"type\":\"signal\",\"payload\":" + payload + "}";
        }

        @Override
        public String keepAlive() {
            return null;
        }
    }
}
