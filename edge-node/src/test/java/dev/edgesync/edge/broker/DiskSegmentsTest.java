package dev.edgesync.edge.broker;

import dev.edgesync.edge.config.TestConfigs;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Segment sizes from the disk and the dlq bound: small enough that sending and eviction free space in time. */
class DiskSegmentsTest {

    private static final long MIB = 1L << 20;

    private static EdgeBroker broker(Map<String, String> extra) {
        Map<String, String> p = new HashMap<>(Map.of("edge.site.id", "s1", "edge.streams.sales.partitions", "2",
                "edge.streams.telemetry.partitions", "1"));
        p.putAll(extra);
        return new EdgeBroker(TestConfigs.load(p));
    }

    @Test
    void segmentsShareTheRoomTheDiskLeaves() {
        EdgeBroker b = broker(Map.of("edge.buffer.min-free-bytes", String.valueOf(64 * MIB),
                "edge.buffer.reserve-bytes", String.valueOf(16 * MIB)));
        // 9 local partitions; (1024 - 64 - 16) MiB / 16 / 9 = 6.5 MiB
        assertThat(b.segmentBytes(1024 * MIB)).isEqualTo((1024 - 64 - 16) * MIB / 16 / 9);
        assertThat(b.segmentBytes(100 * MIB)).as("never under 1 MiB").isEqualTo(MIB);
        assertThat(b.segmentBytes(1L << 50)).as("never over 1 GiB").isEqualTo(1L << 30);
        assertThat(b.segmentBytes(0)).as("disk size unknown, no quota").isEqualTo(1L << 30);
    }

    @Test
    void aQuotaMakesThemSmallerStill() {
        EdgeBroker b = broker(Map.of("edge.buffer.max-bytes", String.valueOf(72 * MIB)));
        assertThat(b.segmentBytes(1L << 40)).isEqualTo(2 * MIB);
    }

    @Test
    void theDlqBoundIsSharedOverItsPartitions() {
        Map<String, String> c = LocalTopics.dlqConfig(64 * MIB, 4);
        assertThat(c).containsEntry(TopicConfig.RETENTION_BYTES_CONFIG, String.valueOf(16 * MIB))
                .containsEntry(TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(4 * MIB))
                .containsKey(TopicConfig.RETENTION_MS_CONFIG);
        assertThat(LocalTopics.dlqConfig(1, 100)).as("1 MiB at least")
                .containsEntry(TopicConfig.RETENTION_BYTES_CONFIG, String.valueOf(MIB))
                .containsEntry(TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(MIB));
        assertThat(LocalTopics.dlqConfig(0, 4)).doesNotContainKey(TopicConfig.RETENTION_BYTES_CONFIG);
    }
}
