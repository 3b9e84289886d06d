package dev.ghostline.moderation.testing;

import dev.ghostline.protocol.bus.BusCodec;
import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.moderation.ModerationStream;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads every message the moderation stream holds, straight from its storage (no consumer, no waiting). */
public final class StreamReader {
    private final JetStreamManagement management;
    private final BusCodec codec = new BusCodec();

    public StreamReader(Connection connection) throws IOException {
        this.management = connection.jetStreamManagement();
    }

    public List<BusMessage.SessionRevoked> revocationsOf(String session) throws IOException, JetStreamApiException {
        List<BusMessage.SessionRevoked> found = new ArrayList<>();
        for (MessageInfo message : all()) {
            if (!ModerationStream.REVOKED.equals(message.getSubject())) {
                continue;
            }
            if (codec.decode(message.getData()) instanceof BusMessage.SessionRevoked revoked
                    && revoked.session().equals(session)) {
                found.add(revoked);
            }
        }
        return found;
    }

    private List<MessageInfo> all() throws IOException, JetStreamApiException {
        StreamInfo info = management.getStreamInfo(ModerationStream.NAME);
        List<MessageInfo> messages = new ArrayList<>();
        for (long seq = info.getStreamState().getFirstSequence(); seq <= info.getStreamState().getLastSequence(); seq++) {
            try {
                messages.add(management.getMessage(ModerationStream.NAME, seq));
            } catch (JetStreamApiException deleted) {
                if (deleted.getErrorCode() != 404) {
                    throw deleted;
                }
            }
        }
        return messages;
    }
}
