package dev.edgesync.runtime;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {

    @Test
    void doublesFromInitialUpToTheCap() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(700));
        assertThat(b.delay(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(b.delay(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(b.delay(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(b.delay(4)).isEqualTo(Duration.ofMillis(700));
        assertThat(b.delay(1_000_000)).isEqualTo(Duration.ofMillis(700));
    }

    @Test
    void fixedWaitsTheSameEveryTime() {
        Backoff b = Backoff.fixed(Duration.ofSeconds(5));
        assertThat(b.delay(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.delay(50)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void refusesACapBelowTheStart() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
