package dev.edgesync.edge.buffer;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class QuotaEnforcementTest {

    private long now = 1_000;
    private final QuotaEnforcement quota = new QuotaEnforcement(new QuotaPolicy(1_000, 0.9, 0.8),
            Map.of("sales", BufferPolicy.REJECT, "telemetry", BufferPolicy.DROP_OLDEST), Duration.ofSeconds(5),
            () -> now);

    @Test
    void overTheHighWatermarkFreesDownToTheLowOne() {
        assertThat(quota.check(850)).isEqualTo(new QuotaEnforcement.Decision(false, 0));
        assertThat(quota.check(950)).isEqualTo(new QuotaEnforcement.Decision(true, 150));
    }

    @Test
    void afterAnEvictionTheNextWaitsForTheCooldownButTheBufferStaysFull() {
        assertThat(quota.check(950).bytesToFree()).isEqualTo(150);
        quota.evicted();
        now += Duration.ofSeconds(4).toNanos();
        assertThat(quota.check(950)).as("the broker has not deleted the segments yet")
                .isEqualTo(new QuotaEnforcement.Decision(true, 0));
        now += Duration.ofSeconds(1).toNanos();
        assertThat(quota.check(950)).isEqualTo(new QuotaEnforcement.Decision(true, 150));
    }

    @Test
    void overTheWatermarkWithNothingToShipIsNotFull() {
        assertThat(quota.full(true, true, 950)).isFalse();
        assertThat(quota.overWithNothingToShip()).isTrue();
        assertThat(quota.full(true, false, 950)).isTrue();
        assertThat(quota.overWithNothingToShip()).isFalse();
        assertThat(quota.full(false, true, 500)).isFalse();
    }

    @Test
    void onlyRejectStreamsRefuseAndOnlyWhileFull() {
        assertThat(QuotaEnforcement.rejects(true, quota.policy("sales"))).isTrue();
        assertThat(QuotaEnforcement.rejects(true, quota.policy("telemetry"))).isFalse();
        assertThat(QuotaEnforcement.rejects(false, quota.policy("sales"))).isFalse();
    }

    @Test
    void theSnapshotSumsPartitionsAndMarksRejectingStreams() {
        Instant at = Instant.ofEpochMilli(10_000);
        PressureSnapshot.Builder b = new PressureSnapshot.Builder(at, 950, 1_000, true);
        b.stream("sales", "critical", "reject", BufferPolicy.REJECT, 0);
        b.stream("telemetry", "bulk", "drop-oldest", BufferPolicy.DROP_OLDEST, 7);
        b.add("sales", new Backlog.Unsent(3, 300, OptionalLong.of(9_000)));
        b.add("sales", new Backlog.Unsent(2, 200, OptionalLong.of(8_000)));
        b.add("telemetry", new Backlog.Unsent(0, 0, OptionalLong.empty()));
        assertThat(b.nothingToShip()).isFalse();
        PressureSnapshot s = b.build(true, 100);
        assertThat(s.streams().get("sales")).isEqualTo(new PressureSnapshot.Stream("critical", "reject", 5, 500, 2_000, 0, true));
        assertThat(s.streams().get("telemetry")).isEqualTo(new PressureSnapshot.Stream("bulk", "drop-oldest", 0, 0, -1, 7, false));
        assertThat(s.drainEtaSeconds()).isEqualTo(5);
        assertThat(s.full()).isTrue();
        assertThat(s.exact()).isTrue();
    }
}
