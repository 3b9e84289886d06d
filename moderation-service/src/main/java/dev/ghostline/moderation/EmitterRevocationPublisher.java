package dev.ghostline.moderation;

import dev.ghostline.moderation.core.RevocationPublisher;
import dev.ghostline.moderation.core.StoreUnavailableException;
import dev.ghostline.protocol.bus.BusCodec;
import dev.ghostline.protocol.bus.BusMessage;
import io.quarkiverse.reactive.messaging.nats.jetstream.client.api.PublishMessageMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Publishes revocations through SmallRye Reactive Messaging's JetStream connector (the channel's stream and
 * subject come from {@link RevocationChannelConfig}) and waits for the stream's acknowledgement, so a request
 * answers "revoked" only once the revocation is stored.
 */
@ApplicationScoped
public class EmitterRevocationPublisher implements RevocationPublisher {
    private final Emitter<byte[]> emitter;
    private final ModerationConfig config;
    private final BusCodec codec = new BusCodec();

    EmitterRevocationPublisher(@Channel(RevocationChannelConfig.CHANNEL) Emitter<byte[]> emitter,
                               ModerationConfig config) {
        this.emitter = emitter;
        this.config = config;
    }

    @Override
    public void publish(BusMessage.SessionRevoked revocation) {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        // The message id lets JetStream drop a second copy inside its duplicate window (a retried request).
        PublishMessageMetadata metadata = PublishMessageMetadata.builder()
                .messageId("revoked-" + revocation.session())
                .build();
        Message<byte[]> message = Message.of(codec.encode(revocation), Metadata.of(metadata),
                () -> {
                    stored.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    stored.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        try {
            emitter.send(message);
            stored.get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new StoreUnavailableException(e.getCause());
        } catch (TimeoutException | IllegalStateException e) {
            throw new StoreUnavailableException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException(e);
        }
    }
}
