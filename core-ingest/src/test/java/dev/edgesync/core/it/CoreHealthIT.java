package dev.edgesync.core.it;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;

/** Readiness reflects the centre's Kafka and the relay; liveness answers; OpenAPI describes the sites API. */
@QuarkusTest
@WithTestResource(EmbeddedCentreResource.class)
class CoreHealthIT {

    @Test
    void readinessCoversTheCentreKafkaAndTheRelay() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("centre-kafka", "landing-relay"))
                .body("checks.find { it.name == 'centre-kafka' }.data.nodes", equalTo(1))
                .body("checks.find { it.name == 'centre-kafka' }.data.embedded", equalTo(true));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void openApiDescribesTheSitesApi() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/v1/sites"))
                .body("paths", hasKey("/v1/sites/{id}"));
    }
}
