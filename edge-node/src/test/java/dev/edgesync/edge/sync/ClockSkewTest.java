package dev.edgesync.edge.sync;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ClockSkewTest {

    private static final long MS = 1_000_000L;

    @Test
    void anEdgeTwoHoursAheadMeasuresTwoHoursWithinHalfTheRoundTrip() {
        ClockSkew skew = new ClockSkew();
        long centre = 1_700_000_000_000L;
        long edge = centre + 7_200_000L;
        // Sent at edge time t, appended 30 ms later (centre clock), acked 40 ms after sending.
        assertThat(skew.observe(edge, 40 * MS, centre + 30)).isTrue();
        ClockSkew.Estimate e = skew.latest().orElseThrow();
        assertThat(e.skewMs()).isEqualTo(7_200_000L - 10);
        assertThat(e.accuracyMs()).isEqualTo(20);
        assertThat(Math.abs(e.skewMs() - 7_200_000L)).isLessThanOrEqualTo(e.accuracyMs());
        assertThat(e.measuredAt()).isEqualTo(Instant.ofEpochMilli(edge + 40));
    }

    @Test
    void aClockBehindGivesANegativeSkewAndTheLatestMeasurementWins() {
        ClockSkew skew = new ClockSkew();
        skew.observe(1_000_000, 2 * MS, 4_000_000);
        skew.observe(2_000_000, 2 * MS, 5_000_000);
        assertThat(skew.latest().orElseThrow().skewMs()).isEqualTo(-3_000_000 + 1);
        assertThat(skew.latest().orElseThrow().measuredAt()).isEqualTo(Instant.ofEpochMilli(2_000_002));
    }

    @Test
    void anAckCarryingTheProducersOwnTimestampIsNoMeasurement() {
        ClockSkew skew = new ClockSkew();
        assertThat(skew.observe(5_000, 3 * MS, 5_000)).as("CreateTime topic").isFalse();
        assertThat(skew.observe(5_000, 3 * MS, -1)).as("no timestamp").isFalse();
        assertThat(skew.latest()).isEmpty();
    }
}
