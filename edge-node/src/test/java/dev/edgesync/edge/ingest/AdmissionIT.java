package dev.edgesync.edge.ingest;

import dev.edgesync.edge.problem.Problem;

import dev.edgesync.edge.admission.AdmissionRoute;
import dev.edgesync.edge.admission.HeapBudget;
import dev.edgesync.edge.broker.EdgeBroker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admission control over real HTTP (the default test profile's budget holds {@value
 * EdgeNodeTestResource#MAX_SIZE_REQUESTS_AT_ONCE} requests of max-body-bytes): requests that hold the budget make
 * the next one a 503 with Retry-After and a problem, unread; and whatever a request does (answered, refused,
 * invalid, reset mid-body, trickled past the body timeout) its reservation comes back, so the budget never leaks.
 */
@QuarkusTest
@QuarkusTestResource(value = EdgeNodeTestResource.class, restrictToAnnotatedClass = false)
class AdmissionIT {

    private static final String PATH = "/v1/streams/sales/events";
    private static final List<String> RAW = List.of("raw.sales");

    @Inject
    AdmissionRoute admission;

    @Inject
    EdgeBroker broker;

    private final List<Socket> open = new ArrayList<>();

    @AfterEach
    void closeSockets() {
        open.forEach(AdmissionIT::reset);
        assertBudgetBackToZero();
    }

    @Test
    void answeredAndRefusedRequestsGiveTheirReservationBack() {
        given().contentType(CloudEventParser.STRUCTURED_TYPE).body(Samples.json(Samples.event("sales", 0)))
                .post(PATH).then().statusCode(202);
        given().contentType(CloudEventParser.BATCH_TYPE).body("[{\"garbage\"").post(PATH).then().statusCode(400);
        given().contentType(CloudEventParser.STRUCTURED_TYPE).body("{}").post("/v1/streams/nope/events").then().statusCode(404);
        given().contentType("text/plain").body("x").post(PATH).then().statusCode(415);
        given().contentType(CloudEventParser.BATCH_TYPE).body(new byte[EdgeNodeTestResource.MAX_BODY_BYTES + 1])
                .post(PATH).then().statusCode(413);
        given().get("/v1/status").then().statusCode(200);
        assertBudgetBackToZero();
    }

    @Test
    void requestsHoldingTheBudgetMakeTheNextOneA503UnreadAndNothingIsAppended() throws Exception {
        int share = EdgeNodeTestResource.MAX_SIZE_REQUESTS_AT_ONCE;
        for (int i = 0; i < share; i++) {
            open.add(headersOnly(EdgeNodeTestResource.MAX_BODY_BYTES));
        }
        assertThat(eventually(() -> budget().reservations() == share)).as("every held request reserved its share").isTrue();
        // Clients that vanish mid-request (TCP reset) give their share back at once, long before the body timeout.
        open.subList(0, share / 2).forEach(AdmissionIT::reset);
        assertThat(eventually(() -> budget().reservations() == share - share / 2))
                .as("the reset requests' reservations came back").isTrue();
        for (int i = 0; i < share / 2; i++) {
            open.add(headersOnly(EdgeNodeTestResource.MAX_BODY_BYTES));
        }
        assertThat(eventually(() -> budget().reservations() == share)).isTrue();
        Map<?, Long> before;
        try (RawLog log = new RawLog(broker.bootstrapServers())) {
            before = log.endOffsets(RAW);
        }

        var refused = given().contentType(CloudEventParser.STRUCTURED_TYPE).body(Samples.json(Samples.event("sales", 1)))
                .post(PATH);
        refused.then().statusCode(503).contentType(Problem.MEDIA_TYPE)
                .header("Retry-After", "5").header("Connection", "close");
        assertThat(refused.jsonPath().getString("type")).isEqualTo("urn:edgesync:problem:overloaded");
        assertThat(refused.jsonPath().getString("detail")).contains("edge.ingest.max-inflight-bytes");
        given().get("/q/health/live").then().statusCode(200);
        try (RawLog log = new RawLog(broker.bootstrapServers())) {
            assertThat(log.endOffsets(RAW)).as("nothing of a refused request is appended").isEqualTo(before);
        }

        open.forEach(AdmissionIT::reset);
        assertBudgetBackToZero();
        given().contentType(CloudEventParser.STRUCTURED_TYPE).body(Samples.json(Samples.event("sales", 1)))
                .post(PATH).then().statusCode(202);
    }

    @Test
    void aBodyTrickledPastTheBodyTimeoutIsCutAndItsReservationFreed() throws Exception {
        Socket slow = headersOnly(EdgeNodeTestResource.MAX_BODY_BYTES);
        open.add(slow);
        OutputStream out = slow.getOutputStream();
        out.write("[{\"specversion\":\"1.0\"".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertThat(eventually(() -> budget().reservations() == 1)).isTrue();
        // Trickle a byte every half second, as a slowloris does, until the server hangs up.
        long deadline = System.nanoTime() + Duration.ofSeconds(EdgeNodeTestResource.BODY_TIMEOUT_SECONDS + 20).toNanos();
        boolean hungUp = false;
        while (!hungUp && System.nanoTime() < deadline) {
            try {
                out.write(' ');
                out.flush();
                Thread.sleep(500);
            } catch (SocketException e) {
                hungUp = true;
            }
        }
        assertThat(hungUp).as("the server cut the slow body").isTrue();
        assertBudgetBackToZero();
    }

    private HeapBudget budget() {
        return admission.budget();
    }

    private void assertBudgetBackToZero() {
        assertThat(eventually(() -> budget().reservations() == 0 && budget().inUse() == 0))
                .as("every reservation given back: %d bytes in %d reservations left", budget().inUse(), budget().reservations())
                .isTrue();
    }

    /** A POST whose headers announce {@code length} bytes of body and which sends none yet. */
    private static Socket headersOnly(int length) throws IOException {
        Socket s = new Socket("127.0.0.1", RestAssured.port);
        String head = "POST " + PATH + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + CloudEventParser.BATCH_TYPE
                + "\r\nContent-Length: " + length + "\r\n\r\n";
        s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
            s.close();
        } catch (IOException e) {
            // already gone
        }
    }

    private static boolean eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
