package dev.ghostline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WireTest {

    @Test
    void payloadsHaveTheAskedSizeAndCarryTheirSendTime() {
        Payloads payloads = new Payloads(4096, 200);
        String sdp = payloads.sdp(123_456_789L);
        String candidate = payloads.candidate(42L);
        assertThat(sdp.getBytes(StandardCharsets.UTF_8).length).isBetween(4000, 4200);
        assertThat(candidate.getBytes(StandardCharsets.UTF_8).length).isBetween(180, 230);
        assertThat(Payloads.sentNanos("{\"type\":\"signal\",\"payload\":" + sdp + "}")).isEqualTo(123_456_789L);
        assertThat(Payloads.sentNanos(candidate)).isEqualTo(42L);
        assertThat(Payloads.sentNanos("{\"type\":\"welcome\"}")).isEqualTo(-1);
        assertThat(sdp).doesNotContain("\"type\"").doesNotEndWith("\\\"}");
    }

    @Test
    void dialectsFrameAndClassify() {
        Dialect ghostline = Dialect.of(Dialect.Kind.GHOSTLINE);
        assertThat(ghostline.classify("{\"type\":\"matched\",\"matchId\":\"m\",\"role\":\"offerer\"}"))
                .isEqualTo(Dialect.Event.MATCHED_OFFERER);
        assertThat(ghostline.classify("{\"type\":\"matched\",\"role\":\"answerer\"}")).isEqualTo(Dialect.Event.MATCHED_ANSWERER);
        assertThat(ghostline.classify("{\"type\":\"welcome\",\"token\":\"t\"}")).isEqualTo(Dialect.Event.READY);
        assertThat(ghostline.signal("p", true, true, "{}")).isEqualTo("{\"type\":\"signal\",\"payload\":{}}");
        Dialect peerjs = Dialect.of(Dialect.Kind.PEERJS);
        assertThat(peerjs.signal("b1", true, false, "{}")).isEqualTo("{\"type\":\"ANSWER\",\"dst\":\"b1\",\"payload\":{}}");
        assertThat(peerjs.classify("{\"type\":\"CANDIDATE\",\"src\":\"a\",\"dst\":\"b\",\"payload\":{}}"))
                .isEqualTo(Dialect.Event.SIGNAL);
        assertThat(peerjs.classify("{\"type\":\"OPEN\"}")).isEqualTo(Dialect.Event.READY);
        assertThat(peerjs.path("/peerjs", "a1", "k")).startsWith("/peerjs?key=peerjs&id=a1&token=").endsWith("&version=1.5.5");
        Dialect bare = Dialect.of(Dialect.Kind.BARE);
        assertThat(bare.classify("{\"type\":\"paired\"}")).isEqualTo(Dialect.Event.READY);
        assertThat(bare.path("/relay", "a", "k7")).isEqualTo("/relay?pair=k7");
    }

    @Test
    void procFilesAndClassHistogramsAreParsed() {
        assertThat(ProcStats.parseVmRss("Name:\tjava\nVmRSS:\t  123456 kB\nThreads: 9\n")).isEqualTo(123456);
        String stat = "4242 (java (x) y) S 1 2 3 4 5 6 7 8 9 10 1500 250 0 0 20 0";
        assertThat(ProcStats.parseCpuTicks(stat)).isEqualTo(1750);
        ClassHistogram before = ClassHistogram.parse(" num     #instances         #bytes  class name (module)\n"
                + "-------------------------------------------------------\n"
                + "   1:          1000         100000  [B (java.base@17.0.15)\n");
        ClassHistogram after = ClassHistogram.parse("   1:          3000         500000  [B (java.base@17.0.15)\n"
                + "   2:           200          16000  dev.ghostline.signaling.session.Session\n");
        String table = after.minus(before).perSessionTable(100, 5);
        assertThat(table).contains("4160 bytes per session").contains("| `[B` | 4000 | 20.0 |")
                .contains("| `dev.ghostline.signaling.session.Session` | 160 | 2.0 |");
        assertThat(ClientPool.sourceAddress(0)).isEqualTo("127.0.0.1");
        assertThat(ClientPool.sourceAddress(2)).isEqualTo("127.0.0.3");
    }
}
