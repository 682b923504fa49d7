package dev.edgesync.edge.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgesync.edge.AppRun;
import dev.edgesync.edge.KeptAppData;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stops the app in the middle of a telemetry window and starts it again on the same data: the rest of the readings
 * (one of which crashes its batch once) complete the windows, each emitted exactly once with the exact count and
 * sums of all its readings from both runs. Both runs are in this test, on data of its own, so it passes alone and
 * in any order.
 */
@QuarkusMainTest
@TestProfile(PreprocessingRestartIT.OwnData.class)
class PreprocessingRestartIT {

    static final String DATA = "pre-restart";
    static final String SPANNING = "/1795417260000"; // the 07:01 window

    /** The preprocessing app on a data dir and broker port of this test's own, kept for both runs. */
    public static class OwnData implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PreprocessingResource.class, Map.of("data", DATA)));
        }
    }

    @Test
    void windowsSpanningTheRestartAndACrashedBatchAreExactAndEmittedOnce(QuarkusMainLauncher launcher) throws Exception {
        String bootstrap = KeptAppData.bootstrap(DATA);
        int http = KeptAppData.httpPort(DATA);
        int crashAt = 300;
        List<JsonNode> readings = TelemetryWindows.readings(crashAt);
        try (AppRun first = AppRun.start(launcher, http)) {
            Map<String, double[]> closedBefore = TelemetryWindows.writeAndAwaitClosed(bootstrap, readings, 0,
                    TelemetryWindows.MID_WINDOW);
            assertThat(closedBefore.keySet()).as("the 07:01 window is open when the app stops")
                    .noneMatch(k -> k.endsWith(SPANNING));
            assertThat(SampleEvents.count(bootstrap, "_windows.telemetry")).as("window state in the changelog").isPositive();
        }

        try (AppRun second = AppRun.start(launcher, http)) {
            Map<String, double[]> expected = TelemetryWindows.writeAndAwaitClosed(bootstrap, readings,
                    TelemetryWindows.MID_WINDOW, readings.size());
            assertThat(expected.keySet()).as("the 07:01 window spans the restart").anyMatch(k -> k.endsWith(SPANNING));
            assertThat(crashes(second)).as("one batch crashed after the restart").isEqualTo(1);
        }
    }

    /** Crashes counted by the running app's processor (its class loader has its own copy of the counter). */
    private static int crashes(AppRun app) throws Exception {
        Field f = app.appClass(FailOnceProcessor.class).getDeclaredField("CRASHES");
        f.setAccessible(true);
        return ((AtomicInteger) f.get(null)).get();
    }
}
