package dev.edgesync.edge.history;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatusHistoryTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void keepsTheLatestSamplesOldestFirstAndDropsTheOldestWhenFull() {
        StatusHistory h = new StatusHistory(3);
        for (int i = 0; i < 5; i++) {
            h.add(sample(i));
        }
        assertThat(h.since(Instant.EPOCH)).extracting(s -> s.streams().get("sales").backlog()).containsExactly(2L, 3L, 4L);
    }

    @Test
    void sinceLeavesOutSamplesOlderThanTheGivenTime() {
        StatusHistory h = new StatusHistory(10);
        for (int i = 0; i < 4; i++) {
            h.add(sample(i));
        }
        assertThat(h.since(T0.plusSeconds(20))).extracting(StatusSample::at)
                .containsExactly(T0.plusSeconds(20), T0.plusSeconds(30));
        assertThat(new StatusHistory(2).since(Instant.EPOCH)).isEmpty();
    }

    @Test
    void coveringHoldsOneSamplePerIntervalOverTheWindow() {
        assertThat(StatusHistory.covering(Duration.ofHours(1), Duration.ofSeconds(10)).capacity()).isEqualTo(361);
        assertThatThrownBy(() -> StatusHistory.covering(Duration.ofHours(1), Duration.ZERO))
                .hasMessageContaining("interval");
    }

    private static StatusSample sample(int i) {
        return new StatusSample(T0.plusSeconds(10L * i), "down", Map.of("sales", new StatusSample.Stream(i, null)), null);
    }
}
