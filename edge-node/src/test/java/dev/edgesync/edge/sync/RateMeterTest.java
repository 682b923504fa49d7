package dev.edgesync.edge.sync;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateMeterTest {

    long now = -5_500_000_000L;

    @Test
    void averagesCompletedSecondsOfTheWindow() {
        RateMeter m = new RateMeter(5, () -> now);
        for (int s = 0; s < 10; s++) {
            m.add(100);
            now += 1_000_000_000L;
        }
        assertThat(m.perSecond()).isEqualTo(100.0);
        now += 20_000_000_000L;
        assertThat(m.perSecond()).isZero();
    }
}
