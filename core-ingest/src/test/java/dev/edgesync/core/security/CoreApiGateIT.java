package dev.edgesync.core.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgesync.core.broker.CoreTopics;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.edgesync.core.security.GatedCentre.DOWNLINKER;
import static dev.edgesync.core.security.GatedCentre.ONBOARDER;
import static dev.edgesync.core.security.GatedCentre.READER;
import static dev.edgesync.core.security.GatedCentre.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * core-ingest's REST API over real HTTPS with API keys, against a secured centre: every admin endpoint refuses a
 * caller without a key, with a wrong key, with a key lacking its scope and a body that is not JSON, before anything
 * happens (no password handed out, none rotated, nothing published); no spelling of a path reaches an endpoint the
 * key does not cover; every admin call is in the audit topic with who, what and the result, and never a secret.
 */
@QuarkusTest
@TestProfile(GatedCentre.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CoreApiGateIT {

    private static final SSLContext TRUSTED = RawHttps.trusting(GatedCentre.TLS.certificate());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AS_JSON = "application/json";
    private static final String DOWNLINK_BODY =
            "{\"target\":{\"site\":\"gate-rot\"},\"payload\":{\"set\":{\"edge.sync.max-bytes-per-second\":65536}}}";
    /** The site whose password refused calls must not rotate: its answer to onboarding, kept across tests. */
    private static JsonNode rotSite;

    @TestHTTPResource(value = "/", tls = true)
    URL root;

    private final HttpClient http = HttpClient.newBuilder().sslContext(TRUSTED).connectTimeout(Duration.ofSeconds(5)).build();

    private URI uri(String path) {
        return URI.create("https://localhost:" + root.getPort() + path);
    }

    private HttpResponse<String> call(String method, String path, String key, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private RawHttps raw() {
        return new RawHttps(TRUSTED, root.getPort());
    }

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized JsonNode rotSite() {
        if (rotSite == null) {
            HttpResponse<String> r = call("POST", "/v1/sites", ONBOARDER, AS_JSON, "{\"id\":\"gate-rot\",\"streams\":{\"sales\":1}}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            rotSite = json(r.body());
        }
        return rotSite;
    }

    /** The site's password from its onboarding still logs in: nobody rotated it. */
    private static void stillLogsIn(JsonNode onboarded) throws Exception {
        try (Admin site = Admin.create(SiteLink.of(onboarded.path("edgeConfig").asText(), onboarded.path("edgeSecrets").asText()))) {
            assertThat(site.describeCluster().clusterId().get(20, TimeUnit.SECONDS)).isNotBlank();
        }
    }

    private static String password(JsonNode onboarded) {
        return SiteLink.password(onboarded.path("edgeSecrets").asText());
    }

    /** Every message ever published to a downlink topic, over all of them. */
    private static long controlMessages() throws Exception {
        try (Admin admin = Admin.create(SecuredCentreResource.broker().adminClientProperties())) {
            Set<String> control = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith("control.")).collect(Collectors.toSet());
            if (control.isEmpty()) {
                return 0;
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(control).allTopicNames().get(30, TimeUnit.SECONDS).values().forEach(d ->
                    d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
            return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(o -> o.offset()).sum();
        }
    }

    private boolean known(String site) {
        return call("GET", "/v1/sites/" + site, READER, null, null).statusCode() == 200;
    }

    /** One admin endpoint, a valid body for it, the key that may call it and one that may call something else. */
    private record Admin1(String path, String body, String rightKey, String otherScopeKey) {
    }

    private List<Admin1> adminEndpoints(String newSite) {
        return List.of(
                new Admin1("/v1/sites", "{\"id\":\"" + newSite + "\",\"streams\":{\"sales\":1}}", ONBOARDER, DOWNLINKER),
                new Admin1("/v1/sites/gate-rot/credentials", "", ONBOARDER, DOWNLINKER),
                new Admin1("/v1/downlink/config", DOWNLINK_BODY, DOWNLINKER, ONBOARDER));
    }

    @Test
    @Order(1)
    void everyAdminEndpointRefusesNoKeyAWrongKeyAnotherScopeAndABodyThatIsNotJsonBeforeAnythingHappens() throws Exception {
        JsonNode rot = rotSite();
        long published = controlMessages();
        List<String> answers = new ArrayList<>();
        for (Admin1 a : adminEndpoints("gate-new-1")) {
            HttpResponse<String> none = call("POST", a.path(), null, AS_JSON, a.body());
            assertThat(none.statusCode()).as("no key: " + a.path()).isEqualTo(401);
            assertThat(none.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(call("POST", a.path(), UNKNOWN, AS_JSON, a.body()).statusCode()).as("wrong key: " + a.path()).isEqualTo(401);
            assertThat(call("POST", a.path(), a.rightKey().substring(1), AS_JSON, a.body()).statusCode())
                    .as("a key's suffix: " + a.path()).isEqualTo(401);
            HttpResponse<String> reader = call("POST", a.path(), READER, AS_JSON, a.body());
            assertThat(reader.statusCode()).as("read scope: " + a.path()).isEqualTo(403);
            assertThat(json(reader.body()).path("detail").asText()).contains("lacks scope");
            assertThat(call("POST", a.path(), a.otherScopeKey(), AS_JSON, a.body()).statusCode()).as("other scope: " + a.path())
                    .isEqualTo(403);
            for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x")) {
                HttpResponse<String> csrf = call("POST", a.path(), a.rightKey(), type, a.body());
                assertThat(csrf.statusCode()).as(type + ": " + a.path()).isEqualTo(415);
                answers.add(csrf.body());
            }
            assertThat(call("POST", a.path(), a.rightKey(), null, a.body()).statusCode()).as("no type: " + a.path()).isEqualTo(415);
            answers.add(none.body());
            answers.add(reader.body());
        }
        assertThat(answers).noneMatch(b -> b.contains("sasl") || b.contains("password") || b.contains("edgeSecrets"));
        // Refused before the body is read: a gigabyte announced and never sent is answered at once.
        String huge = "Content-Length: 1000000000\r\n";
        assertThat(raw().send("POST", "/v1/sites", "Content-Type: application/json\r\n" + huge, "").status()).isEqualTo(401);
        assertThat(raw().send("POST", "/v1/sites", "Content-Type: application/json\r\nAuthorization: Bearer " + READER
                + "\r\n" + huge, "").status()).isEqualTo(403);
        assertThat(raw().send("POST", "/v1/sites", "Content-Type: text/plain\r\nAuthorization: Bearer " + ONBOARDER
                + "\r\n" + huge, "").status()).isEqualTo(415);
        assertThat(known("gate-new-1")).as("not onboarded").isFalse();
        assertThat(controlMessages()).as("nothing published").isEqualTo(published);
        stillLogsIn(rot);

        // The right key with JSON is answered as before.
        assertThat(call("POST", "/v1/downlink/config", DOWNLINKER, AS_JSON + "; charset=utf-8", DOWNLINK_BODY).statusCode())
                .isEqualTo(202);
        assertThat(controlMessages()).isEqualTo(published + 1);
        assertThat(call("POST", "/v1/sites", ONBOARDER, AS_JSON, "{\"id\":\"gate-new-1\",\"streams\":{\"sales\":1}}")
                .statusCode()).isEqualTo(201);
    }

    @Test
    @Order(2)
    void readsNeedTheReadScopeAndOnlyTheProbesAreOpen() {
        for (String path : List.of("/v1/sites", "/q/health", "/q/metrics", "/q/openapi", "/v1/offsets/translate?site=a&stream=b&partition=0&edgeOffset=0")) {
            assertThat(call("GET", path, null, null, null).statusCode()).as("no key: " + path).isEqualTo(401);
            assertThat(call("GET", path, DOWNLINKER, null, null).statusCode()).as("downlink key: " + path).isEqualTo(403);
            assertThat(call("GET", path, READER, null, null).statusCode()).as("read key: " + path).isIn(200, 404);
        }
        assertThat(call("GET", "/v1/sites", READER, null, null).statusCode()).isEqualTo(200);
        for (String probe : List.of("/q/health/live", "/q/health/ready", "/q/health/started")) {
            assertThat(call("GET", probe, null, null, null).statusCode()).as(probe).isEqualTo(200);
        }
        assertThat(call("GET", "/q/health/well", null, null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/v1/nothing-here", READER, null, null).statusCode()).isEqualTo(404);
    }

    /** Spellings of the admin paths that a router might read as the endpoint, from the issue and more. */
    private List<String> spellings(int port) {
        return List.of("/v1;x/sites", "/v1/sites;x", "//v1/sites", "/v1//sites", "/v1/./sites", "/./v1/sites",
                "/v1/../v1/sites", "/v1/sites/.", "/v1%2fsites", "/v1%2Fsites", "/v1/%73ites", "/%761/sites",
                "/v1/sites%2f", "/v1\\sites", "/v1/sites%00", "/v1/sites%20", "/%2e/v1/sites", "/v1/sites/%2e%2e/sites",
                "/V1/sites", "/v1/Sites", "/v1/sites/", "/v1/sites?x=1", "https://localhost:" + port + "/v1/sites",
                "http://localhost/v1/sites", "/v1/sites/gate-rot;x/credentials", "/v1/sites/gate-rot/credentials;x",
                "/v1/sites/gate-%72ot/credentials", "/v1/sites/gate-rot/./credentials", "/v1/sites//gate-rot/credentials",
                "/v1/sites/gate-rot/credentials/", "/v1/sites/gate-rot/x/../credentials",
                "https://localhost:" + port + "/v1/sites/gate-rot/credentials", "/v1/downlink;x/config",
                "/v1/downlink/%63onfig", "/v1/downlink/config/", "/v1//downlink/config", "/v1/downlink/./config",
                "/v1/downlink%2fconfig", "https://localhost:" + port + "/v1/downlink/config");
    }

    private static String bodyFor(String target) {
        return target.contains("downlink") ? DOWNLINK_BODY
                : target.contains("credentials") ? "" : "{\"id\":\"gate-spelt\",\"streams\":{\"sales\":1}}";
    }

    @Test
    @Order(3)
    void noSpellingOfAnAdminPathReachesItsEndpointWithoutTheRightKey() throws Exception {
        JsonNode rot = rotSite();
        long published = controlMessages();
        RawHttps raw = raw();
        // Other methods are in the random test below.
        List<String> methods = List.of("POST", "post", "PUT");
        for (String target : spellings(root.getPort())) {
            for (String method : methods) {
                String json = "Content-Type: application/json\r\n";
                RawHttps.Reply none = raw.send(method, target, json, bodyFor(target));
                assertThat(none.status()).as("no key: " + method + " " + target).isIn(400, 401);
                RawHttps.Reply reader = raw.send(method, target, json + "Authorization: Bearer " + READER + "\r\n", bodyFor(target));
                assertThat(reader.status()).as("read key: " + method + " " + target).isIn(400, 403, 404, 405);
            }
        }
        assertThat(raw.send("HEAD", "/v1/sites", "", "").status()).isEqualTo(401);
        assertThat(raw.send("get", "/v1/sites", "", "").status()).isEqualTo(401);
        assertThat(raw.send("GET", "/q/health;x/live", "", "").status()).isEqualTo(400);
        assertThat(known("gate-spelt")).isFalse();
        assertThat(controlMessages()).isEqualTo(published);
        stillLogsIn(rot);
    }

    /** One random change to a path that keeps it looking like the same endpoint to some parser. */
    private static String mutate(String path, Random rnd, int port) {
        int i = 1 + rnd.nextInt(Math.max(1, path.length() - 1));
        return switch (rnd.nextInt(11)) {
            case 0 -> path.substring(0, path.indexOf('/', 1) < 0 ? path.length() : path.indexOf('/', 1)) + ";a=b"
                    + (path.indexOf('/', 1) < 0 ? "" : path.substring(path.indexOf('/', 1)));
            case 1 -> path.replaceFirst("/", "//");
            case 2 -> path.substring(0, path.lastIndexOf('/')) + "/." + path.substring(path.lastIndexOf('/'));
            case 3 -> "/x/.." + path;
            case 4 -> {
                char c = path.charAt(i);
                String hex = String.format(rnd.nextBoolean() ? "%%%02x" : "%%%02X", (int) c);
                yield path.substring(0, i) + hex + path.substring(i + 1);
            }
            case 5 -> path.substring(0, path.lastIndexOf('/')) + (rnd.nextBoolean() ? "%2f" : "%2F") + path.substring(path.lastIndexOf('/') + 1);
            case 6 -> path + "/";
            case 7 -> path.substring(0, i) + path.substring(i, i + 1).toUpperCase(Locale.ROOT) + path.substring(i + 1);
            case 8 -> path + (rnd.nextBoolean() ? "?x=1" : "%00");
            case 9 -> path.substring(0, path.lastIndexOf('/')) + "\\" + path.substring(path.lastIndexOf('/') + 1);
            default -> (rnd.nextBoolean() ? "https://localhost:" + port : "http://other") + path;
        };
    }

    @Test
    @Order(4)
    void hundredsOfRandomSpellingsMethodsAndKeysNeverChangeAnything() throws Exception {
        JsonNode rot = rotSite();
        long published = controlMessages();
        Random rnd = new Random(20261203L);
        RawHttps raw = raw();
        List<String> bases = List.of("/v1/sites", "/v1/sites/gate-rot/credentials", "/v1/downlink/config");
        List<String> methods = List.of("POST", "post", "PUT", "PATCH", "DELETE", "GET", "HEAD", "OPTIONS");
        List<String> keys = List.of("", "Authorization: Bearer " + UNKNOWN + "\r\n", "Authorization: Bearer " + READER + "\r\n",
                "X-Api-Key: " + READER + "\r\n", "Authorization: bearer " + DOWNLINKER + "\r\n");
        List<String> types = List.of("Content-Type: application/json\r\n", "Content-Type: text/plain\r\n", "");
        for (int n = 0; n < 300; n++) {
            String base = bases.get(rnd.nextInt(bases.size()));
            String path = base;
            String origin = "";
            for (int m = 1 + rnd.nextInt(3); m > 0; m--) {
                String next = mutate(path, rnd, root.getPort());
                if (next.startsWith("/")) {
                    path = next;
                } else {
                    origin = next.substring(0, next.length() - path.length());
                }
            }
            String target = origin + path;
            String method = methods.get(rnd.nextInt(methods.size()));
            int k = rnd.nextInt(keys.size());
            String body = base.contains("downlink") ? DOWNLINK_BODY : base.contains("credentials") ? ""
                    : "{\"id\":\"gate-prop-" + n + "\",\"streams\":{\"sales\":1}}";
            RawHttps.Reply r = raw.send(method, target, keys.get(k) + types.get(rnd.nextInt(types.size())), body);
            String what = "#" + n + " " + method + " " + target + " key " + k;
            if (k < 2) {
                assertThat(r.status()).as(what).isIn(400, 401);
            } else if (r.status() >= 200 && r.status() < 300) {
                // Only a read, with a key that has the read scope, is answered.
                assertThat(Set.of("GET", "HEAD")).as(what).contains(method);
                assertThat(k).as(what).isIn(2, 3);
            } else {
                assertThat(r.status()).as(what).isIn(400, 403, 404, 405, 415);
            }
        }
        assertThat(call("GET", "/v1/sites", READER, null, null).body()).contains("gate-rot").doesNotContain("gate-prop-");
        assertThat(controlMessages()).isEqualTo(published);
        stillLogsIn(rot);
    }

    @Test
    @Order(5)
    void theAuditTopicHoldsEveryAdminCallWithWhoWhatAndResultAndNeverASecret() throws Exception {
        HttpResponse<String> onboarded = call("POST", "/v1/sites", ONBOARDER, AS_JSON,
                "{\"id\":\"gate-audit\",\"region\":\"eu-west\",\"streams\":{\"sales\":1,\"stock\":2}}");
        assertThat(onboarded.statusCode()).isEqualTo(201);
        String password = password(json(onboarded.body()));
        assertThat(call("POST", "/v1/sites/gate-audit/credentials", READER, AS_JSON, "").statusCode()).isEqualTo(403);
        assertThat(call("POST", "/v1/sites/gate-audit/credentials", null, AS_JSON, "").statusCode()).isEqualTo(401);
        HttpResponse<String> rotated = call("POST", "/v1/sites/gate-audit/credentials", ONBOARDER, AS_JSON, "");
        assertThat(rotated.statusCode()).isEqualTo(200);
        String newPassword = password(json(rotated.body()));
        assertThat(call("POST", "/v1/downlink/config", DOWNLINKER, AS_JSON, DOWNLINK_BODY).statusCode()).isEqualTo(202);

        List<JsonNode> audit = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            audit.clear();
            readAudit().forEach(r -> audit.add(json(new String(r.value(), StandardCharsets.UTF_8))));
            assertThat(audit).anySatisfy(e -> assertEntry(e, "onboarder", "/v1/sites", 201,
                    Map.of("site", "gate-audit", "streams", "sales,stock")));
            assertThat(audit).anySatisfy(e -> assertEntry(e, "reader", "/v1/sites/gate-audit/credentials", 403,
                    Map.of("id", "gate-audit")));
            assertThat(audit).anySatisfy(e -> assertEntry(e, "unauthenticated", "/v1/sites/gate-audit/credentials", 401,
                    Map.of()));
            assertThat(audit).anySatisfy(e -> assertEntry(e, "onboarder", "/v1/sites/gate-audit/credentials", 200,
                    Map.of("id", "gate-audit")));
            assertThat(audit).anySatisfy(e -> assertEntry(e, "downlinker", "/v1/downlink/config", 202,
                    Map.of("kind", "config", "target", "site=gate-rot,region=*,cloud=*")));
        });
        assertThat(audit).allSatisfy(e -> {
            assertThat(e.path("at").asText()).isNotBlank();
            assertThat(e.path("remote").asText()).contains("127.0.0.1");
            assertThat(e.path("method").asText()).isNotIn("GET", "HEAD");
        });
        List<String> secrets = List.of(password, newPassword, READER, ONBOARDER, DOWNLINKER, UNKNOWN, "sasl", "jaas");
        assertThat(audit).extracting(JsonNode::toString).noneMatch(t -> secrets.stream().anyMatch(t::contains));
    }

    private static void assertEntry(JsonNode e, String who, String path, int status, Map<String, String> what) {
        assertThat(e.path("who").asText()).isEqualTo(who);
        assertThat(e.path("method").asText()).isEqualTo("POST");
        assertThat(e.path("path").asText()).isEqualTo(path);
        assertThat(e.path("status").asInt()).isEqualTo(status);
        what.forEach((k, v) -> assertThat(e.path("what").path(k).asText()).as(k).isEqualTo(v));
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAudit() {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(SecuredCentreResource.broker().adminClientProperties(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(CoreTopics.AUDIT, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (c.position(tp) < end && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    @Test
    @Order(6)
    void onboardingBeyondItsLimitsIsRefusedNamingTheLimit() {
        String manyPartitions = "{\"id\":\"gate-big\",\"streams\":{\"sales\":65}}";
        HttpResponse<String> p = call("POST", "/v1/sites", ONBOARDER, AS_JSON, manyPartitions);
        assertThat(p.statusCode()).isEqualTo(400);
        assertThat(json(p.body()).path("detail").asText()).contains("core.onboarding.max-partitions-per-stream");
        String manyStreams = IntStream.range(0, 33).mapToObj(i -> "\"s" + i + "\":1").collect(Collectors.joining(",", "{\"id\":\"gate-big\",\"streams\":{", "}}"));
        HttpResponse<String> s = call("POST", "/v1/sites", ONBOARDER, AS_JSON, manyStreams);
        assertThat(s.statusCode()).isEqualTo(400);
        assertThat(json(s.body()).path("detail").asText()).contains("core.onboarding.max-streams-per-site=32");
        assertThat(known("gate-big")).isFalse();

        int n = 0;
        HttpResponse<String> r;
        do {
            r = call("POST", "/v1/sites", ONBOARDER, AS_JSON, "{\"id\":\"gate-fill-" + n++ + "\",\"streams\":{\"sales\":1}}");
        } while (r.statusCode() == 201 && n < 20);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        assertThat(json(r.body()).path("detail").asText()).contains("core.onboarding.max-sites=" + GatedCentre.MAX_SITES);
        assertThat(json(call("GET", "/v1/sites", READER, null, null).body()).size()).isEqualTo(GatedCentre.MAX_SITES);
        // A site already known may still onboard again (e.g. to add a stream).
        assertThat(call("POST", "/v1/sites", ONBOARDER, AS_JSON, "{\"id\":\"gate-rot\",\"streams\":{\"stock\":1}}")
                .statusCode()).isEqualTo(201);
    }

    @Test
    @Order(7)
    void overHttpsATrustedClientIsAnsweredAndStillNeedsItsKeyAndOthersAreRefused() throws Exception {
        assertThat(root.getProtocol()).isEqualTo("https");
        assertThat(call("GET", "/v1/sites", READER, null, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/v1/sites", null, null, null).statusCode()).isEqualTo(401);
        HttpClient stranger = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> stranger.send(HttpRequest.newBuilder(uri("/v1/sites")).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
        // Plain HTTP to the TLS port gets no HTTP answer: keys never cross the network in clear.
        try (Socket plain = new Socket("localhost", root.getPort())) {
            plain.setSoTimeout(5_000);
            plain.getOutputStream().write(("GET /v1/sites HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + READER
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] answer = new byte[12];
            int n;
            try {
                n = plain.getInputStream().read(answer);
            } catch (IOException closed) {
                n = -1;
            }
            assertThat(n <= 0 || !new String(answer, 0, n, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200")).isTrue();
        }
    }
}
