package dev.edgesync.edge.pipeline;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * Restarts the app on {@link PipelineIT}'s data (another profile forces a restart): the events left in flight
 * and new ones reach curated exactly once, nothing lost or doubled across the restart. Runs after PipelineIT
 * because Quarkus groups test classes by profile, ordered by the profile's class name
 * ({@code PipelineIT$FirstRun} before {@code PipelineRestartIT$SecondRun}); run alone, it fails.
 */
@QuarkusTest
@TestProfile(PipelineRestartIT.SecondRun.class)
class PipelineRestartIT {

    /** Same data dir and broker port as {@link PipelineIT.FirstRun}; a distinct profile, hence a restart. */
    public static class SecondRun implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(EdgeAppResource.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("edge.sync.max-batch-records", "2000");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void eventsInFlightAtTheRestartAndNewOnesReachCuratedExactlyOnce() {
        int before = PipelineIT.FIRST + PipelineIT.IN_FLIGHT;
        int total = before + 2_000;
        RawEvents.write(bootstrap, before, total, -1);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .until(() -> CuratedAssertions.count(bootstrap) >= total);
        CuratedAssertions.assertExactlyEvents(bootstrap, total);
    }
}
