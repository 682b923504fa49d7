package dev.edgesync.edge.downlink;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The edge app with a centre: downlinked rows answer {@code GET /v1/reference}, a downlinked cap is the cap, a cap
 * below the edge's floor is rejected while the next message is applied; status, metrics and health say so. (Across a restart: {@link DownlinkEdgeRestartIT}.)
 */
@QuarkusTest
@TestProfile(DownlinkEdgeIT.WithCore.class)
class DownlinkEdgeIT {

    public static class WithCore implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DownlinkAppResource.class, Map.of("core", "true")));
        }
    }

    @ConfigProperty(name = "edge.core.bootstrap-servers")
    String core;

    @Test
    void downlinkedRowsAndSettingsAreServedAndCounted() {
        Downlinks.publish(core, Downlinks.testSiteSample());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().get("/v1/sync/bandwidth").then().extract().<Integer>path("maxBytesPerSecond") == 65536);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> given().get("/v1/status").then().statusCode(200)
                        .body("downlink.state", equalTo("up"))
                        .body("downlink.messages.reference.applied", equalTo(2))
                        .body("downlink.messages.reference.ignored", equalTo(1))
                        .body("downlink.messages.config.applied", equalTo(1))
                        .body("downlink.messages.config.rejected", equalTo(1))
                        .body("downlink.lastAppliedAt", notNullValue())
                        .body("downlink.lastRejected.reason", equalTo("invalid"))
                        .body("downlink.lastRejected.topic", equalTo("control.site.test-site.config"))
                        .body("downlink.lastRejected.detail", containsString("below this edge's floor"
                                + " edge.downlink.min-bytes-per-second=65536"))
                        .body("sync.maxBytesPerSecond", equalTo(65536)));

        given().get("/v1/reference/prices/sku-1").then().statusCode(200).contentType("application/json")
                .body("price", equalTo(1.5f)).body("name", equalTo("tea"));
        given().get("/v1/reference/products/SKU-004572").then().statusCode(200).body("name", equalTo("Tea, green"));
        given().get("/v1/reference/products/SKU-001760").then().statusCode(200).body("name", equalTo("Product 1, size M"));
        given().get("/v1/reference/prices/sku-2").then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("urn:edgesync:problem:unknown-key"));
        given().get("/v1/reference/nothing/sku-1").then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("urn:edgesync:problem:unknown-table"));
        given().get("/v1/reference/Bad.Table/sku-1").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:edgesync:problem:invalid-name"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("edge_downlink_messages_total{kind=\"reference\",outcome=\"applied\"} 2.0"))
                .body(containsString("edge_downlink_messages_total{kind=\"reference\",outcome=\"ignored\"} 1.0"))
                .body(containsString("edge_downlink_rejected_total{reason=\"invalid\"} 1.0"))
                .body(containsString("edge_downlink_up 1.0"));
        given().get("/q/health/group/link").then()
                .body("checks.find { it.name == 'downlink-from-centre' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'downlink-from-centre' }.data.lastRejected", containsString("invalid"));
    }
}
