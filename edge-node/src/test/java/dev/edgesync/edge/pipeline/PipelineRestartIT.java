package dev.edgesync.edge.pipeline;

import dev.edgesync.edge.AppRun;
import dev.edgesync.edge.KeptAppData;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stops the app while the pipeline stage still has events in flight and starts it again on the same data: the
 * events in flight and new ones reach curated exactly once, nothing lost or doubled across the restart. Both runs
 * are in this test, on data of its own, so it passes alone and in any order.
 */
@QuarkusMainTest
@TestProfile(PipelineRestartIT.OwnData.class)
class PipelineRestartIT {

    static final String DATA = "pipeline-restart";
    static final int FIRST = 3_000;
    static final int IN_FLIGHT = 5_000;
    static final int AFTER = 2_000;

    /** The app on a data dir and broker port of this test's own, kept for both runs; uplink disabled (no core). */
    public static class OwnData implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(EdgeAppResource.class, Map.of("data", DATA)));
        }
    }

    @Test
    void eventsInFlightAtTheRestartAndNewOnesReachCuratedExactlyOnce(QuarkusMainLauncher launcher) throws Exception {
        String bootstrap = KeptAppData.bootstrap(DATA);
        int http = KeptAppData.httpPort(DATA);
        try (AppRun first = AppRun.start(launcher, http)) {
            RawEvents.write(bootstrap, 0, FIRST, -1);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                    .until(() -> CuratedAssertions.count(bootstrap) >= FIRST);
            RawEvents.write(bootstrap, FIRST, FIRST + IN_FLIGHT, -1);
            assertThat(CuratedAssertions.count(bootstrap)).as("events still in flight when the app stops")
                    .isLessThan(FIRST + IN_FLIGHT);
        }

        int total = FIRST + IN_FLIGHT + AFTER;
        try (AppRun second = AppRun.start(launcher, http)) {
            RawEvents.write(bootstrap, FIRST + IN_FLIGHT, total, -1);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                    .until(() -> CuratedAssertions.count(bootstrap) >= total);
            CuratedAssertions.assertExactlyEvents(bootstrap, total);
        }
    }
}
