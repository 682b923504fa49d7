package dev.edgesync.edge.ingest;

import dev.edgesync.edge.api.RawHttp;
import dev.edgesync.edge.broker.EdgeBroker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property test of the ingest API over real HTTP: generated valid, malformed and adversarial requests (seeded, so
 * a failure can be replayed). For every request: never a 5xx, the server keeps answering, a refused request
 * appends nothing, and a valid one is accepted whole, event for event.
 *
 * <p>{@code -Dfuzz.cases=N} (default 200, what CI runs) and {@code -Dfuzz.seed=S} (default fixed); the
 * longer profile is {@code -Dfuzz.cases=5000} (see docs/security.md).
 */
@QuarkusTest
@QuarkusTestResource(value = EdgeNodeTestResource.class, restrictToAnnotatedClass = false)
class HostileInputIT {

    private static final List<String> RAW = List.of("raw.sales", "raw.payments", "raw.telemetry", "raw.stock");
    // Bodies are sent as the bytes generated: no charset added, nothing re-encoded.
    private static final RestAssuredConfig RAW_BYTES = RestAssuredConfig.config()
            .encoderConfig(EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));

    @Inject
    EdgeBroker broker;

    @Test
    void noRequestCausesA5xxOrAPartialAppendAndEveryValidOneIsAccepted() {
        int cases = Integer.getInteger("fuzz.cases", 200);
        long seed = Long.getLong("fuzz.seed", 20261129L);
        HostileRequests gen = new HostileRequests(seed, EdgeNodeTestResource.MAX_BATCH_EVENTS,
                EdgeNodeTestResource.MAX_BODY_BYTES);
        Map<Integer, Integer> statuses = new TreeMap<>();
        long acceptedEvents = 0;
        try (RawLog log = new RawLog(broker.bootstrapServers())) {
            long appended = total(log);
            for (int i = 0; i < cases; i++) {
                HostileRequests.Case c = gen.next();
                Response r = send(c);
                int status = r.statusCode();
                statuses.merge(status, 1, Integer::sum);
                String what = "case " + i + " (seed " + seed + "): " + c.description() + " -> " + status + " " + r.asString();
                assertThat(status).as(what).isLessThan(500);
                long now = total(log);
                if (c.mustAccept()) {
                    assertThat(status).as(what).isEqualTo(202);
                    assertThat(r.jsonPath().getInt("accepted")).as(what).isEqualTo(c.validEvents());
                    assertThat(now - appended).as(what).isEqualTo(c.validEvents());
                    acceptedEvents += c.validEvents();
                } else {
                    assertThat(status).as(what).isBetween(400, 499);
                    assertThat(now).as("nothing of a refused request is appended: " + what).isEqualTo(appended);
                }
                appended = now;
            }
        }
        // Still serving after all of it.
        given().get("/q/health/ready").then().statusCode(200);
        assertThat(acceptedEvents).as("the generator made valid requests too").isPositive();
        assertThat(statuses.keySet()).as("answers seen: %s", statuses).contains(202, 400, 413);
    }

    /** With edge.api.auth=none (this app) the gate still stands: a path with two spellings is 400, nothing appended. */
    @Test
    void oddPathSpellingsAreRefusedEvenWithAnOpenApi() {
        RawHttp http = new RawHttp("localhost", io.restassured.RestAssured.port);
        String event = "{\"specversion\":\"1.0\",\"id\":\"odd-%d\",\"source\":\"/s\",\"type\":\"t\"}";
        try (RawLog log = new RawLog(broker.bootstrapServers())) {
            long before = total(log);
            int n = 0;
            for (String t : List.of("/v1;x/streams/sales/events", "//v1/streams/sales/events", "/v1/./streams/sales/events",
                    "/v1/streams/x/../sales/events", "/v1%2fstreams/sales/events", "/v1/streams/%73ales/events",
                    "/%2e/v1/streams/sales/events", "/v1/streams/sales/events;")) {
                RawHttp.Answer r = http.send("POST", t, Map.of("Content-Type", CloudEventParser.STRUCTURED_TYPE),
                        event.formatted(n++).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                assertThat(r.status()).as(t + ": " + r.head()).isEqualTo(400);
                assertThat(r.head()).as(t).containsIgnoringCase("application/problem+json");
            }
            RawHttp.Answer put = http.send("PUT", "/v1;x/sync/bandwidth", Map.of("Content-Type", "application/json"),
                    "{\"maxBytesPerSecond\":4096}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(put.status()).isEqualTo(400);
            assertThat(total(log)).as("nothing appended").isEqualTo(before);
        }
        given().get("/v1/sync/bandwidth").then().statusCode(200)
                .body("maxBytesPerSecond", org.hamcrest.Matchers.not(org.hamcrest.Matchers.equalTo(4096)));
    }

    private static Response send(HostileRequests.Case c) {
        RequestSpecification req = given().config(RAW_BYTES).urlEncodingEnabled(false);
        c.headers().forEach((k, v) -> {
            if (k.equalsIgnoreCase("Content-Type")) {
                req.contentType(v);
            } else {
                req.header(k, v);
            }
        });
        return req.body(c.body()).request(c.method(), c.path());
    }

    private static long total(RawLog log) {
        return log.endOffsets(RAW).values().stream().mapToLong(Long::longValue).sum();
    }
}
