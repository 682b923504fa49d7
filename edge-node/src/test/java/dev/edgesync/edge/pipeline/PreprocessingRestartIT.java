package dev.edgesync.edge.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Restarts the app on {@link PreprocessingIT}'s data, in the middle of a telemetry window: the rest of the readings
 * (one of which crashes its batch once) complete the windows, each emitted exactly once with the exact count and
 * sums of all its readings from both runs. Runs after PreprocessingIT (profiles are ordered by class name); run
 * alone, it fails.
 */
@QuarkusTest
@TestProfile(PreprocessingRestartIT.SecondRun.class)
class PreprocessingRestartIT {

    /** Same data dir and broker port as {@link PreprocessingIT.FirstRun}; a distinct profile, hence a restart. */
    public static class SecondRun implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PreprocessingResource.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("edge.sync.max-batch-records", "2000");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void windowsSpanningTheRestartAndACrashedBatchAreExactAndEmittedOnce() {
        int crashAt = 300;
        List<JsonNode> readings = TelemetryWindows.readings(crashAt);
        int crashesBefore = FailOnceProcessor.CRASHES.get();
        SampleEvents.write(bootstrap, "telemetry", readings.subList(PreprocessingIT.BEFORE_RESTART, readings.size()));
        Map<String, double[]> expected = TelemetryWindows.closed(readings, readings.size());
        assertThat(expected.keySet()).as("the 07:01 window spans the restart").anyMatch(k -> k.endsWith("/1795417260000"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .until(() -> SampleEvents.count(bootstrap, "curated.telemetry") >= expected.size());
        TelemetryWindows.assertExactly(bootstrap, expected);
        assertThat(FailOnceProcessor.CRASHES.get() - crashesBefore).as("one batch crashed after the restart").isEqualTo(1);
    }
}
