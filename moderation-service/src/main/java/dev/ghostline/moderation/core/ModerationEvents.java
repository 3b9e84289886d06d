package dev.ghostline.moderation.core;

import dev.ghostline.protocol.moderation.ReportReason;

/** What the desk tells the outside (metrics, stats) about its work; never an id. */
public interface ModerationEvents {
    /** Where a revocation came from. */
    enum Source {
        /** Enough distinct reporting networks. */
        REPORTS,
        /** {@code POST /v1/revocations}: a moderator or a classifier. */
        API
    }

    void reportTaken(ReportStatus status);

    void revocationPublished(Source source, ReportReason reason);

    ModerationEvents NONE = new ModerationEvents() {
        @Override
        public void reportTaken(ReportStatus status) {
        }

        @Override
        public void revocationPublished(Source source, ReportReason reason) {
        }
    };
}
