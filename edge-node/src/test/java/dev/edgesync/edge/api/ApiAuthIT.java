package dev.edgesync.edge.api;

import dev.edgesync.access.ApiKeyHash;
import dev.edgesync.edge.broker.EdgeBroker;
import dev.edgesync.edge.history.Chromium;
import dev.edgesync.edge.ingest.RawLog;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.file.Path;
import java.time.Duration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * With {@code edge.api.auth=api-key}, over real HTTP: no key or a wrong key is a 401, a key used beyond its
 * streams, sources or scopes a 403, each a problem document, and nothing of a refused request is appended; only the
 * status page's files and the liveness and readiness probes are open; no key or hash shows in the status or the
 * metrics. Every spelling of a path from issue #14, and a few hundred random ones, sent on a bare socket, reach no
 * protected endpoint without the right key.
 */
@QuarkusTest
@TestProfile(ApiAuthIT.WithKeys.class)
class ApiAuthIT {

    static final String TILL = "till-0123456789abcdef0123456789abcdef";
    static final String OPS = "ops-0123456789abcdef0123456789abcdef0";

    /** A till that may post sales, and an operator that may read and change settings. */
    public static class WithKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("edge.api.auth", "api-key",
                    "edge.api.keys.till.hash", ApiKeyHash.of(TILL),
                    "edge.api.keys.till.streams", "sales",
                    "edge.api.keys.till.sources", "/store/till-1,/store/till-1/*",
                    "edge.api.keys.ops.hash", ApiKeyHash.of(OPS),
                    "edge.api.keys.ops.scopes", "read,admin");
        }
    }

    private static final String EVENT = "{\"specversion\":\"1.0\",\"id\":\"%s\",\"source\":\"/store/till-1\","
            + "\"type\":\"sale\",\"datacontenttype\":\"application/json\",\"data\":{\"qty\":1}}";

    @Inject
    EdgeBroker broker;

    @Test
    void onlyAKeyWithTheRightStreamAndScopeGetsThrough() {
        List<String> raw = List.of("raw.sales", "raw.payments");
        Map<TopicPartition, Long> before;
        try (RawLog log = new RawLog(broker.bootstrapServers())) {
            before = log.endOffsets(raw);
        }

        post("sales", null, "a1").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer")).body("status", equalTo(401));
        post("sales", "Bearer " + TILL + "x", "a2").then().statusCode(401).body("detail", equalTo("the API key is not valid"));
        post("payments", "Bearer " + TILL, "a3").then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("may not post events to stream 'payments'"));
        post("sales", "Bearer " + OPS, "a4").then().statusCode(403);
        try (RawLog log = new RawLog(broker.bootstrapServers())) {
            assertThat(log.endOffsets(raw)).as("nothing of a refused request is appended").isEqualTo(before);
        }

        post("sales", "Bearer " + TILL, "ok-1").then().statusCode(202);
        given().header("X-Api-Key", TILL).contentType("application/cloudevents+json").body(EVENT.formatted("ok-2"))
                .post("/v1/streams/sales/events").then().statusCode(202);
        try (RawLog log = new RawLog(broker.bootstrapServers())) {
            assertThat(log.endOffsets(List.of("raw.sales")).values().stream().mapToLong(Long::longValue).sum())
                    .isEqualTo(before.entrySet().stream().filter(e -> e.getKey().topic().equals("raw.sales"))
                            .mapToLong(Map.Entry::getValue).sum() + 2);
        }
    }

    @Test
    void readingAndSettingsNeedTheirScopesWhileProbesStayOpen() {
        given().get("/v1/status").then().statusCode(401);
        given().header("Authorization", "Bearer " + TILL).get("/v1/status").then().statusCode(403);
        String status = given().header("Authorization", "Bearer " + OPS).get("/v1/status").then().statusCode(200)
                .extract().asString();
        assertThat(status).doesNotContain(ApiKeyHash.of(TILL).substring(7), TILL, OPS);
        given().header("Authorization", "Bearer " + TILL).contentType("application/json").body("{\"maxBytesPerSecond\":0}")
                .put("/v1/sync/bandwidth").then().statusCode(403).body("detail", containsString("scope 'admin'"));
        given().header("Authorization", "Bearer " + OPS).contentType("application/json").body("{\"maxBytesPerSecond\":0}")
                .put("/v1/sync/bandwidth").then().statusCode(200);

        given().get("/").then().statusCode(200);
        given().get("/status.js").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        for (String q : List.of("/q/metrics", "/q/openapi", "/q/health", "/q/health/started", "/q/health/group/link")) {
            given().get(q).then().statusCode(401).contentType("application/problem+json");
            given().header("Authorization", "Bearer " + TILL).get(q).then().statusCode(403);
            given().header("Authorization", "Bearer " + OPS).get(q).then().statusCode(200);
        }
        // What Prometheus does (docs/operations.md): the key as a bearer token.
        String metrics = given().header("Authorization", "Bearer " + OPS).get("/q/metrics").then().statusCode(200)
                .extract().asString();
        assertThat(metrics).contains("jvm_").doesNotContain(TILL, OPS, ApiKeyHash.of(TILL).substring(7));
    }

    @Test
    void theStatusPageAsksForAKeyAndThenShowsTheStatus(@TempDir Path profile) {
        assumeTrue(Chromium.browser().isPresent() && Chromium.driver().isPresent(),
                "chromium and chromedriver are not on the PATH (Debian: apt-get install chromium chromium-driver)");
        ChromeDriver browser = Chromium.start(profile);
        try {
            browser.get(RestAssured.baseURI + ":" + RestAssured.port + "/?refresh=500");
            await("the page asks for a key").atMost(Duration.ofSeconds(30))
                    .until(() -> browser.findElement(By.id("key-form")).isDisplayed());
            browser.findElement(By.id("api-key")).sendKeys(TILL);
            browser.findElement(By.cssSelector("#key-form button")).click();
            await("a key without the read scope is asked for again").atMost(Duration.ofSeconds(30))
                    .until(() -> browser.findElement(By.id("key-form")).isDisplayed());
            browser.findElement(By.id("api-key")).sendKeys(OPS);
            browser.findElement(By.cssSelector("#key-form button")).click();
            await("the page shows the site once given a read key").atMost(Duration.ofSeconds(30))
                    .until(() -> "test-site".equals(browser.findElement(By.id("site-id")).getText()));
            assertThat(browser.findElement(By.id("key-form")).isDisplayed()).isFalse();
        } finally {
            browser.quit();
        }
    }

    @Test
    void aKeyPostsOnlyItsOwnSourcesAndARefusedBatchAppendsNothing() {
        List<String> raw = List.of("raw.sales");
        Map<TopicPartition, Long> before;
        try (RawLog log = new RawLog(broker.bootstrapServers())) {
            before = log.endOffsets(raw);
        }
        String mine = EVENT.formatted("src-1");
        String other = EVENT.formatted("src-2").replace("/store/till-1", "/store/till-2");
        String prefixed = EVENT.formatted("src-3").replace("/store/till-1", "/store/till-10");
        given().header("Authorization", "Bearer " + TILL).contentType("application/cloudevents-batch+json")
                .body("[" + mine + "," + other + "," + prefixed + "]").post("/v1/streams/sales/events")
                .then().statusCode(403).contentType("application/problem+json")
                .body("errors.index", equalTo(List.of(1, 2)))
                .body("errors[0].reason", containsString("'/store/till-2'"));
        try (RawLog log = new RawLog(broker.bootstrapServers())) {
            assertThat(log.endOffsets(raw)).as("nothing of a refused request is appended").isEqualTo(before);
        }
        given().header("Authorization", "Bearer " + TILL).contentType("application/cloudevents+json")
                .body(EVENT.formatted("src-4").replace("/store/till-1", "/store/till-1/drawer"))
                .post("/v1/streams/sales/events").then().statusCode(202);
    }

    @Test
    void everySpellingFromTheIssueIsRefusedWithoutTheRightKey() {
        Guarded guarded = new Guarded();
        List<Attempt> attempts = new ArrayList<>();
        for (String t : List.of("/v1;x/status", "//v1/status", "/v1/./status", "/x/../v1/status", "/v1%2fstatus",
                "/v1/%73tatus", "/%2e/v1/status", "/V1/status", "/v1/status;", "/v1/status/", "/v1/status?x=1",
                "http://localhost/v1/status", "/q/metrics", "/q/openapi", "/q/health", "/q/metrics/", "/q;x/metrics",
                "/q/health/started", "/q/health/group/link", "/q//metrics", "/v1/status\\", "/v1/status%00")) {
            attempts.add(new Attempt("GET", t, null, TILL));
            attempts.add(new Attempt("HEAD", t, null, TILL));
            attempts.add(new Attempt("get", t, null, TILL));
        }
        for (String t : List.of("/v1;x/sync/bandwidth", "/v1/sync/bandwidth", "/v1/sync/bandwidth/", "//v1/sync/bandwidth",
                "/v1/sync/./bandwidth", "/v1/sync%2fbandwidth", "http://localhost/v1/sync/bandwidth", "/V1/sync/bandwidth")) {
            attempts.add(new Attempt("PUT", t, BANDWIDTH, TILL));
            attempts.add(new Attempt("put", t, BANDWIDTH, TILL));
        }
        for (String t : List.of("/v1;x/streams/sales/events", "/v1/streams/sales/events", "/v1/streams/sales/events/",
                "/v1/streams/sales;x/events", "/v1/streams/%73ales/events", "//v1/streams/sales/events",
                "/v1/streams/x/../sales/events", "http://localhost/v1/streams/sales/events")) {
            attempts.add(new Attempt("POST", t, "", OPS));
            attempts.add(new Attempt("post", t, "", OPS));
            attempts.add(new Attempt("POST", t.replace("sales", "payments"), "", TILL));
        }
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (Attempt a : attempts) {
            for (String credential : new String[]{null, TILL + "x", a.lacking()}) {
                RawHttp.Answer r = guarded.send(a, credential);
                statuses.merge(r.status(), 1, Integer::sum);
                assertThat(r.status()).as("%s %s with %s: %s", a.method(), a.target(), who(credential), r.head())
                        .isBetween(400, 499);
            }
        }
        guarded.assertUntouched();
        assertThat(statuses.keySet()).as("answers: %s", statuses).contains(400, 401, 403, 404);
    }

    @Test
    void randomSpellingsNeverReachAProtectedEndpointWithoutTheRightKey() {
        long seed = Long.getLong("fuzz.seed", 20261203L);
        int cases = Integer.getInteger("fuzz.paths", 300);
        Random random = new Random(seed);
        Guarded guarded = new Guarded();
        List<Attempt> bases = List.of(new Attempt("GET", "/v1/status", null, TILL),
                new Attempt("GET", "/v1/status/history", null, TILL), new Attempt("GET", "/v1/streams", null, TILL),
                new Attempt("GET", "/v1/reference/stores/s1", null, TILL), new Attempt("GET", "/q/metrics", null, TILL),
                new Attempt("GET", "/q/openapi", null, TILL), new Attempt("GET", "/q/health", null, TILL),
                new Attempt("PUT", "/v1/sync/bandwidth", BANDWIDTH, TILL),
                new Attempt("POST", "/v1/streams/sales/events", "", OPS),
                new Attempt("POST", "/v1/streams/payments/events", "", TILL));
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < cases; i++) {
            Attempt base = bases.get(random.nextInt(bases.size()));
            String target = base.target();
            for (int m = 1 + random.nextInt(3); m > 0; m--) {
                target = PathSpellings.mutate(target, random);
            }
            String method = random.nextInt(8) == 0 ? base.method().toLowerCase(java.util.Locale.ROOT)
                    : base.method().equals("GET") && random.nextInt(6) == 0 ? "HEAD" : base.method();
            Attempt a = new Attempt(method, target, base.body(), base.lacking());
            String credential = switch (random.nextInt(3)) {
                case 0 -> null;
                case 1 -> TILL + "x";
                default -> a.lacking();
            };
            RawHttp.Answer r = guarded.send(a, credential);
            statuses.merge(r.status(), 1, Integer::sum);
            assertThat(r.status()).as("case %d (seed %d): %s %s with %s: %s", i, seed, method, target, who(credential),
                    r.head()).isBetween(400, 499);
        }
        guarded.assertUntouched();
        assertThat(statuses.keySet()).as("answers: %s", statuses).contains(400, 401, 403);
    }

    private static final String BANDWIDTH = "{\"maxBytesPerSecond\":4096}";

    /** A request to try: {@code body} null for none, "" for a fresh event; {@code lacking} a key without its right. */
    record Attempt(String method, String target, String body, String lacking) {
    }

    private static String who(String credential) {
        return credential == null ? "no key" : credential.equals(TILL) ? "the till's key" : credential.equals(OPS)
                ? "the operator's key" : "a wrong key";
    }

    /** Sends attempts on a bare socket and checks afterwards that none changed the cap or appended an event. */
    private final class Guarded {
        private final RawHttp http = new RawHttp("localhost", RestAssured.port);
        private final Map<TopicPartition, Long> raw;
        private final long cap;
        private int next;

        Guarded() {
            try (RawLog log = new RawLog(broker.bootstrapServers())) {
                raw = log.endOffsets(List.of("raw.sales", "raw.payments"));
            }
            cap = bandwidth();
        }

        RawHttp.Answer send(Attempt a, String credential) {
            Map<String, String> headers = new LinkedHashMap<>();
            if (credential != null) {
                headers.put("Authorization", "Bearer " + credential);
            }
            byte[] body = null;
            if (a.body() != null) {
                headers.put("Content-Type", a.body().isEmpty() ? "application/cloudevents+json" : "application/json");
                body = (a.body().isEmpty() ? EVENT.formatted("sp-" + (next++)) : a.body())
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            String target = a.target().replace("http://localhost/", "http://localhost:" + RestAssured.port + "/");
            return http.send(a.method(), target, headers, body);
        }

        void assertUntouched() {
            assertThat(bandwidth()).as("the bandwidth cap is unchanged").isEqualTo(cap);
            try (RawLog log = new RawLog(broker.bootstrapServers())) {
                assertThat(log.endOffsets(List.of("raw.sales", "raw.payments"))).as("no event was appended").isEqualTo(raw);
            }
        }

        private long bandwidth() {
            return given().header("Authorization", "Bearer " + OPS).get("/v1/sync/bandwidth").then().statusCode(200)
                    .extract().jsonPath().getLong("maxBytesPerSecond");
        }
    }

    private static io.restassured.response.Response post(String stream, String authorization, String id) {
        var req = given().contentType("application/cloudevents+json").body(EVENT.formatted(id));
        if (authorization != null) {
            req = req.header("Authorization", authorization);
        }
        return req.post("/v1/streams/{s}/events", stream);
    }
}
