package dev.edgesync.edge.downlink;

import dev.edgesync.edge.AppRun;
import dev.edgesync.edge.KeptAppData;
import dev.edgesync.kafka.EmbeddedKafkaBroker;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Runs the app with a centre until the downlink has applied rows and a cap, then restarts it on the same data
 * without the centre: what the downlink set holds — the cap, the rows (also those of the file-configured table,
 * whose unchanged file is not loaded again) and the counts. Both runs are in this test, on data of its own, so it
 * passes alone and in any order.
 */
@QuarkusMainTest
@TestProfile(DownlinkEdgeRestartIT.OwnData.class)
class DownlinkEdgeRestartIT {

    static final String DATA = "downlink-restart";

    /** The downlink app on a data dir and broker port of this test's own, kept for both runs. */
    public static class OwnData implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DownlinkAppResource.class, Map.of("data", DATA)));
        }
    }

    @Test
    void downlinkedRowsAndCapHoldAfterARestartWithoutTheCentre(QuarkusMainLauncher launcher) throws Exception {
        int http = KeptAppData.httpPort(DATA);
        try (EmbeddedKafkaBroker centre = EmbeddedKafkaBroker.builder().build().start()) {
            DownlinkAppResource.centreForNextRun(DATA, centre.bootstrapServers());
            try (AppRun withCentre = AppRun.start(launcher, http)) {
                Downlinks.publish(centre.bootstrapServers(), Downlinks.testSiteSample());
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .untilAsserted(() -> app(http).get("/v1/status").then().statusCode(200)
                                .body("downlink.state", equalTo("up"))
                                .body("downlink.messages.reference.applied", equalTo(2))
                                .body("downlink.messages.config.applied", equalTo(1))
                                .body("sync.maxBytesPerSecond", equalTo(65536)));
            } finally {
                DownlinkAppResource.centreForNextRun(DATA, null);
            }
        }

        try (AppRun offline = AppRun.start(launcher, http)) {
            app(http).get("/v1/sync/bandwidth").then().statusCode(200).body("maxBytesPerSecond", equalTo(65536));
            app(http).get("/v1/reference/products/SKU-004572").then().statusCode(200).body("name", equalTo("Tea, green"));
            app(http).get("/v1/reference/products/SKU-NEW").then().statusCode(200).body("name", equalTo("Coffee"));
            app(http).get("/v1/reference/prices/sku-1").then().statusCode(200).body("price", equalTo(1.5f));
            app(http).get("/v1/status").then().statusCode(200)
                    .body("downlink.state", equalTo("disabled"))
                    .body("downlink.messages.reference.applied", equalTo(2))
                    .body("downlink.messages.config.applied", equalTo(1))
                    .body("sync.maxBytesPerSecond", equalTo(65536));
        }
    }

    private static RequestSpecification app(int port) {
        return given().port(port);
    }
}
