package dev.edgesync.edge.downlink;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * Restarts the app of {@link DownlinkEdgeIT} on its data, without a centre: what the downlink set holds — the cap, the
 * rows (also those of the file-configured table, whose unchanged file is not loaded again) and the counts. Runs after
 * DownlinkEdgeIT (profiles are ordered by class name); run alone, it fails.
 */
@QuarkusTest
@TestProfile(DownlinkEdgeRestartIT.Offline.class)
class DownlinkEdgeRestartIT {

    /** Same data dir and broker port as {@link DownlinkEdgeIT}, no centre; a distinct profile, hence a restart. */
    public static class Offline implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DownlinkAppResource.class));
        }
    }

    @Test
    void downlinkedRowsAndCapHoldAfterARestartWithoutTheCentre() {
        given().get("/v1/sync/bandwidth").then().statusCode(200).body("maxBytesPerSecond", equalTo(65536));
        given().get("/v1/reference/products/SKU-004572").then().statusCode(200).body("name", equalTo("Tea, green"));
        given().get("/v1/reference/products/SKU-NEW").then().statusCode(200).body("name", equalTo("Coffee"));
        given().get("/v1/reference/prices/sku-1").then().statusCode(200).body("price", equalTo(1.5f));
        given().get("/v1/status").then().statusCode(200)
                .body("downlink.state", equalTo("disabled"))
                .body("downlink.messages.reference.applied", equalTo(2))
                .body("downlink.messages.config.applied", equalTo(1))
                .body("sync.maxBytesPerSecond", equalTo(65536));
    }
}
