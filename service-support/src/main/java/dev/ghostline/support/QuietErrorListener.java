package dev.ghostline.support;

import io.nats.client.Connection;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import org.jboss.logging.Logger;

/**
 * Reports NATS client errors by kind only. jnats' default listener prints subjects, and our subjects carry
 * session ids, which stay out of logs.
 */
final class QuietErrorListener implements ErrorListener {
    private static final Logger LOG = Logger.getLogger(QuietErrorListener.class);

    @Override
    public void errorOccurred(Connection conn, String error) {
        LOG.warnf("NATS server error (%d characters)", error == null ? 0 : error.length());
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
        LOG.warnf("NATS client exception: %s", exp.getClass().getSimpleName());
    }

    @Override
    public void slowConsumerDetected(Connection conn, Consumer consumer) {
        LOG.warn("NATS slow consumer: messages are being dropped");
    }
}
