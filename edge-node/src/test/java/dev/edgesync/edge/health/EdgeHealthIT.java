package dev.edgesync.edge.health;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;

/**
 * With the centre unreachable: the broker and RocksDB checks keep the edge ready (offline is normal), the link
 * and the downlink show as DOWN only in their own group, and OpenAPI describes the endpoints.
 */
@QuarkusTest
@TestProfile(LinkDownProfile.class)
class EdgeHealthIT {

    @Test
    void readinessCoversBrokerAndStateStoreAndStaysUpWhileTheLinkIsDown() {
        given().get("/q/health/group/link").then().statusCode(503)
                .body("status", org.hamcrest.Matchers.equalTo("DOWN"))
                .body("checks.find { it.name == 'link-to-centre' }.data.state", org.hamcrest.Matchers.equalTo("down"))
                .body("checks.find { it.name == 'downlink-from-centre' }.status", org.hamcrest.Matchers.equalTo("DOWN"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("UP"))
                .body("checks.name", hasItems(LocalBrokerHealth.NAME, StateStoreHealth.NAME))
                .body("checks.name", org.hamcrest.Matchers.not(hasItem("link-to-centre")))
                .body("checks.find { it.name == 'local-broker' }.data.nodes", org.hamcrest.Matchers.equalTo(1));
        given().get("/q/health/live").then().statusCode(200)
                .body("checks.name", org.hamcrest.Matchers.not(hasItem("link-to-centre")));
        given().get("/q/health").then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("UP"));
    }

    @Test
    void openApiDescribesIngestStatusAndHistory() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/v1/streams/{stream}/events"))
                .body("paths", hasKey("/v1/status"))
                .body("paths", hasKey("/v1/status/history"));
    }
}
