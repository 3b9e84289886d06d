package dev.ghostline.moderation.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghostline.protocol.moderation.ReportReason;
import java.util.Arrays;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.junit.jupiter.api.Test;

class BodiesTest {
    /** The OpenAPI enumeration of reasons is written out by hand; it must be the protocol's list. */
    @Test
    void documentedReasonsAreTheProtocolsReasons() throws Exception {
        String[] codes = Arrays.stream(ReportReason.values()).map(ReportReason::code).toArray(String[]::new);
        for (Class<?> body : new Class<?>[] {Bodies.ReportRequest.class, Bodies.RevocationRequest.class}) {
            // The reason is the third component; its annotation lands on the canonical constructor's parameter.
            Schema reason = body.getDeclaredConstructors()[0].getParameters()[2].getAnnotation(Schema.class);
            assertThat(reason.enumeration()).as(body.getSimpleName()).containsExactly(codes);
        }
    }
}
