package dev.edgesync.protocol;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeartbeatTest {

    private static Heartbeat sample(long ts) {
        return new Heartbeat("store-042", ts, "up", 123_456, 1_000_000, 50_000, 17, Map.of(
                "payments", new Heartbeat.StreamFigures("critical", 0, 0, -1, 9_000, 0, 0),
                "telemetry", new Heartbeat.StreamFigures("bulk", 50_000, 12_345_678, 61_000, 1_000, 42, 7)));
    }

    @Test
    void roundTrips() {
        Heartbeat h = sample(1_700_000_000_000L);
        assertThat(Heartbeat.decode(h.encodeKey(), h.encodeValue())).isEqualTo(h);
    }

    @Test
    void readsHeartbeatsOfOlderAndNewerEdges() {
        Heartbeat h = sample(5);
        byte[] value = h.encodeValue();
        byte[] older = Arrays.copyOf(value, value.length - 2); // written before the tagged trailer existed
        assertThat(Heartbeat.decode(h.encodeKey(), older)).isEqualTo(h);
        java.nio.ByteBuffer newer = java.nio.ByteBuffer.allocate(value.length + 6 + 3)
                .put(value, 0, value.length - 2).putShort((short) 1).putShort((short) 999).putInt(3).put(new byte[]{1, 2, 3});
        assertThat(Heartbeat.decode(h.encodeKey(), newer.array())).as("an unknown tag is skipped").isEqualTo(h);
    }

    @Test
    void carriesTheClockSkewAsTagOneOnlyWhenMeasured() {
        Heartbeat h = sample(1_700_000_000_000L);
        Heartbeat skewed = new Heartbeat(h.site(), h.timestampMs(), h.linkState(), h.bufferUsedBytes(), h.bufferMaxBytes(),
                h.maxBytesPerSecond(), h.drainEtaSeconds(), h.streams(), 7_200_123L);
        assertThat(Heartbeat.decode(skewed.encodeKey(), skewed.encodeValue())).isEqualTo(skewed);
        assertThat(skewed.centreTimestampMs()).isEqualTo(1_700_000_000_000L - 7_200_123L);
        assertThat(skewed.encodeValue().length).isEqualTo(h.encodeValue().length + 2 + 4 + 8);
        assertThat(h.clockSkewMs()).isEqualTo(Heartbeat.UNKNOWN_SKEW);
        assertThat(h.centreTimestampMs()).as("unknown skew: the edge's own clock").isEqualTo(h.timestampMs());
        Heartbeat behind = new Heartbeat(h.site(), 5, h.linkState(), 0, 0, 0, -1, Map.of(), -3_000L);
        assertThat(Heartbeat.decode(behind.encodeKey(), behind.encodeValue()).clockSkewMs()).isEqualTo(-3_000L);
    }

    @Test
    void carriesGapRangesAsTagTwoAndOlderCentresSkipThem() {
        Heartbeat plain = sample(9);
        Heartbeat h = new Heartbeat(plain.site(), 9, "up", 1, 2, 3, 4, plain.streams(), java.util.List.of(
                new GapRange("telemetry", 1, 100, 130, GapRange.CORRUPT, 30),
                new GapRange("payments", 0, 0, 5, GapRange.EXPIRED, 5)));
        Heartbeat back = Heartbeat.decode(h.encodeKey(), h.encodeValue());
        assertThat(back).isEqualTo(h);
        assertThat(back.gaps().get(0).offsets()).isEqualTo(30);
        java.util.Map<Integer, byte[]> tags = TaggedFields.read(java.nio.ByteBuffer.wrap(h.encodeValue(),
                plain.encodeValue().length - 2, h.encodeValue().length - plain.encodeValue().length + 2));
        assertThat(tags).containsOnlyKeys(GapRange.HEARTBEAT_TAG);
        assertThat(Heartbeat.decode(plain.encodeKey(), plain.encodeValue()).gaps()).isEmpty();
    }

    @Test
    void rejectsMalformedGapRanges() {
        assertThatThrownBy(() -> new GapRange("s", 0, 5, 5, GapRange.DROPPED, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GapRange("s", 0, 0, 5, "lost", 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyIsTheSiteOnlySoCompactionKeepsTheLatest() {
        assertThat(sample(1).encodeKey()).isEqualTo(sample(2).encodeKey());
    }

    @Test
    void rejectsTruncatedAndFutureVersions() {
        Heartbeat h = sample(1);
        byte[] value = h.encodeValue();
        assertThatThrownBy(() -> Heartbeat.decode(h.encodeKey(), Arrays.copyOf(value, value.length - 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        value[1] = 9;
        assertThatThrownBy(() -> Heartbeat.decode(h.encodeKey(), value))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 9");
    }

    @Test
    void heartbeatTopicsAreNotDataTopics() {
        String topic = TopicNames.heartbeats("store-042");
        assertThat(TopicNames.HEARTBEATS.matcher(topic).matches()).isTrue();
        assertThat(TopicNames.parseLanding(topic)).isEmpty();
        assertThat(TopicNames.HEARTBEATS.matcher(TopicNames.landing("store-042", "sales")).matches()).isFalse();
        assertThat(TopicNames.HEARTBEATS.matcher(TopicNames.checkpoints("store-042")).matches()).isFalse();
    }
}
