package dev.edgesync.edge.boot;

import dev.edgesync.edge.boot.Steps.Step;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StepsTest {

    private final List<String> ran = new ArrayList<>();

    private Step ok(String name) {
        return new Step(name, () -> ran.add(name));
    }

    private Step failing(String name) {
        return new Step(name, () -> {
            ran.add(name);
            throw new IllegalStateException(name + " broke");
        });
    }

    @Test
    void aStartRunsTheStepsInOrderAndEndsAtTheFirstFailure() {
        assertThatThrownBy(() -> Steps.start(List.of(ok("broker"), failing("state store"), ok("ingest"))))
                .isInstanceOf(IllegalStateException.class).hasMessage("state store broke");
        assertThat(ran).containsExactly("broker", "state store");
    }

    @Test
    void aStopRunsEveryStepInOrderEvenAfterAFailureSoTheBrokerStillStops() {
        String took = Steps.stop(List.of(ok("uplink"), failing("ingest"), ok("state store"), ok("broker")));
        assertThat(ran).containsExactly("uplink", "ingest", "state store", "broker");
        assertThat(took).contains("uplink ", "ingest failed", "state store ", "broker ");
    }
}
