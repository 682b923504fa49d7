package dev.edgesync.edge.pipeline;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StageRoutingTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private final RawEvent event = new RawEvent(2, 7, 1000, b("k"), b("{}"),
            new RecordHeaders().add("ce_id", b("e-1")));

    @Test
    void streamComesFromTheRawTopic() {
        assertThat(StageRouting.streamOf("raw.sales")).isEqualTo("sales");
        assertThatThrownBy(() -> StageRouting.streamOf("curated.sales")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StageRouting.streamOf("raw.Bad")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void identityForwardsToCuratedInTheSamePartitionUnchanged() {
        var t = StageRouting.route("sales", event, new IdentityProcessor().process("sales", event));
        assertThat(t.topic()).isEqualTo("curated.sales");
        assertThat(t.partition()).isEqualTo(2);
        assertThat(t.key()).isEqualTo(b("k"));
        assertThat(t.value()).isEqualTo(b("{}"));
        assertThat(new String(t.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8)).isEqualTo("e-1");
    }

    @Test
    void rejectionGoesToTheDlqInTheSamePartitionWithItsReason() {
        var t = StageRouting.route("sales", event, Outcome.reject("bad amount"));
        assertThat(t.topic()).isEqualTo("dlq.sales");
        assertThat(t.partition()).isEqualTo(2);
        assertThat(t.value()).isEqualTo(b("{}"));
        assertThat(new String(t.headers().lastHeader(StageRouting.REJECT_REASON).value(), StandardCharsets.UTF_8))
                .isEqualTo("bad amount");
        assertThat(event.headers().lastHeader(StageRouting.REJECT_REASON)).isNull();
    }
}
