package dev.edgesync.edge.pipeline;

import dev.edgesync.edge.AppRun;
import dev.edgesync.edge.KeptAppData;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * The edge's RocksDB MANIFEST is damaged while it is stopped: the next start finds it, moves the store aside (kept),
 * starts on an empty one, says so in status and a metric, and keeps curating, every event exactly once. Both runs
 * are in this test, on data of its own.
 */
@QuarkusMainTest
@TestProfile(StateDamageRestartIT.OwnData.class)
class StateDamageRestartIT {

    static final String DATA = "state-damage";
    static final int FIRST = 600;
    static final int AFTER = 600;

    /** The app on a data dir and broker port of this test's own, kept for both runs; uplink disabled (no core). */
    public static class OwnData implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(EdgeAppResource.class, Map.of("data", DATA)));
        }
    }

    @Test
    void aDamagedStateStoreIsMovedAsideReportedAndTheBoxKeepsWorking(QuarkusMainLauncher launcher) throws Exception {
        String bootstrap = KeptAppData.bootstrap(DATA);
        int http = KeptAppData.httpPort(DATA);
        try (AppRun first = AppRun.start(launcher, http)) {
            RawEvents.write(bootstrap, 0, FIRST, -1);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                    .until(() -> CuratedAssertions.count(bootstrap) >= FIRST);
            given().port(http).get("/v1/status").then().statusCode(200).body("stateStore.state", equalTo("ok"));
        }

        Path state = Path.of(KeptAppData.settings(DATA).get("edge.data-dir"), "state");
        Path manifest;
        try (Stream<Path> files = Files.list(state)) {
            manifest = files.filter(f -> f.getFileName().toString().startsWith("MANIFEST-")).findFirst().orElseThrow();
        }
        flipMiddle(manifest);

        try (AppRun second = AppRun.start(launcher, http)) {
            String movedTo = given().port(http).get("/v1/status").then().statusCode(200)
                    .body("stateStore.state", equalTo("recovered"))
                    .body("stateStore.movedAsideTo", startsWith(state + ".damaged-"))
                    .extract().path("stateStore.movedAsideTo");
            assertThat(Path.of(movedTo).resolve(manifest.getFileName())).as("the damaged store is kept").exists();
            String metrics = given().port(http).get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(metrics).containsPattern("(?m)^edge_state_store_recovered(\\{[^}]*\\})? 1\\.0$");

            RawEvents.write(bootstrap, FIRST, FIRST + AFTER, -1);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                    .until(() -> CuratedAssertions.count(bootstrap) >= FIRST + AFTER);
            CuratedAssertions.assertExactlyEvents(bootstrap, FIRST + AFTER);
        }
    }

    private static void flipMiddle(Path file) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long at = f.length() / 2;
            for (long i = at; i < Math.min(f.length(), at + 8); i++) {
                f.seek(i);
                int v = f.read();
                f.seek(i);
                f.write(v ^ 0xFF);
            }
        }
    }
}
