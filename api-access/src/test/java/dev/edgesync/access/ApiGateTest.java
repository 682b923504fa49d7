package dev.edgesync.access;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ApiGateTest {

    enum Scope { READ, WRITE }

    record Key(String name, String hash, Set<Scope> scopes) implements NamedKey<Scope> {
    }

    static final String READER = "r".repeat(40);
    static final String WRITER = "w".repeat(40);

    static final EndpointTable<Scope> TABLE = new EndpointTable<>(List.of(
            Endpoint.open("GET", "/q/health/live"),
            Endpoint.open("GET", "/"),
            Endpoint.of("GET", "/v1/status", Scope.READ),
            Endpoint.of("GET", "/v1/items/{id}", Scope.READ),
            Endpoint.<Scope>of("POST", "/v1/items/{id}/events", Scope.WRITE).accepting("application/json")));

    static final ApiGate<Key, Scope> GATE = new ApiGate<>(true, new KeyRing<>(List.of(
            new Key("reader", ApiKeyHash.of(READER), Set.of(Scope.READ)),
            new Key("writer", ApiKeyHash.of(WRITER), Set.of(Scope.WRITE)))),
            TABLE, (k, m) -> "forbidden".equals(m.params().get("id")) ? Optional.of("not this one") : Optional.empty(),
            (s, m) -> s.name().toLowerCase());

    static int status(String method, String path, String key) {
        return GATE.decide(method, path, Optional.ofNullable(key), Optional.of("application/json")).status();
    }

    @Test
    void everyNonCanonicalSpellingIsABadRequest() {
        for (String p : List.of("/v1;x/status", "/v1/status;x", "//v1/status", "/v1//status", "/v1/./status",
                "/x/../v1/status", "/v1/status/.", "/v1/status/..", "/v1%2fstatus", "/v1%2Fstatus", "/v1/%73tatus",
                "/%2e/v1/status", "/v1/status%3b", "/v1\\status", "/v1/status#x", "v1/status", "", "*",
                "/v1/items/%zz", "/v1/st atus", "/v1/items/%00", "/v1/status%5c")) {
            assertThat(status("GET", p, READER)).as(p).isEqualTo(400);
            assertThat(status("GET", p, null)).as(p).isEqualTo(400);
        }
    }

    @Test
    void publicEndpointsNeedNoKeyAndEverythingElseDoes() {
        assertThat(status("GET", "/q/health/live", null)).isZero();
        assertThat(status("GET", "/", null)).isZero();
        assertThat(status("GET", "/v1/status", null)).isEqualTo(401);
        assertThat(status("GET", "/q/health", null)).isEqualTo(401);
        assertThat(status("GET", "/anything", null)).isEqualTo(401);
        assertThat(status("GET", "/v1/status", READER + "x")).isEqualTo(401);
        // A known key on an unknown path: not found, never let through.
        assertThat(status("GET", "/V1/status", READER)).isEqualTo(404);
        assertThat(status("DELETE", "/v1/status", READER)).isEqualTo(404);
        assertThat(status("get", "/v1/status", READER)).isEqualTo(404);
    }

    @Test
    void scopesRulesAndMediaTypesAreCheckedOnTheMatchedEndpoint() {
        assertThat(status("GET", "/v1/status", READER)).isZero();
        assertThat(status("HEAD", "/v1/status/", READER)).isZero();
        assertThat(status("GET", "/v1/status", WRITER)).isEqualTo(403);
        assertThat(status("POST", "/v1/items/a/events", READER)).isEqualTo(403);
        assertThat(status("POST", "/v1/items/a/events", WRITER)).isZero();
        assertThat(status("POST", "/v1/items/forbidden/events", WRITER)).isEqualTo(403);
        assertThat(GATE.decide("POST", "/v1/items/a/events", Optional.of(WRITER), Optional.of("text/plain")).status())
                .isEqualTo(415);
        assertThat(GATE.decide("POST", "/v1/items/a/events", Optional.of(WRITER), Optional.empty()).status())
                .isEqualTo(415);
        assertThat(GATE.decide("POST", "/v1/items/a/events", Optional.of(WRITER),
                Optional.of("Application/JSON; charset=utf-8")).status()).isZero();
        var d = GATE.decide("GET", "/v1/items/caf%C3%A9", Optional.of(READER), Optional.empty());
        assertThat(d.params()).containsEntry("id", "café");
        assertThat(d.presentedKey()).map(Key::name).contains("reader");
        // Invalid UTF-8 in a parameter matches no endpoint.
        assertThat(status("GET", "/v1/items/%C3%28", READER)).isEqualTo(404);
    }

    @Test
    void openApiStillRefusesOtherSpellingsAndWrongMediaTypes() {
        ApiGate<Key, Scope> open = new ApiGate<>(false, new KeyRing<>(List.of()), TABLE, (k, m) -> Optional.empty(),
                (s, m) -> s.name());
        assertThat(open.decide("GET", "/v1;x/status", Optional.empty(), Optional.empty()).status()).isEqualTo(400);
        assertThat(open.decide("GET", "/v1/status", Optional.empty(), Optional.empty()).status()).isZero();
        assertThat(open.decide("GET", "/nowhere", Optional.empty(), Optional.empty()).status()).isZero();
        assertThat(open.decide("POST", "/v1/items/a/events", Optional.empty(), Optional.of("text/plain")).status())
                .isEqualTo(415);
    }

    /**
     * Property: any spelling of a protected path, made by mixing in the tricks routers undo, is either refused as
     * non-canonical or decided exactly as its canonical form (never let through where the canonical is refused).
     */
    @Test
    void randomSpellingsAreRefusedOrDecidedAsTheCanonicalPath() {
        Random rnd = new Random(42);
        String[] tricks = {";x", "/.", "/..", "/", "%2f", "%2e", "%2E", "%3B", "%5c", "\\", "%76", "%31", "//", ";"};
        List<String> paths = List.of("/v1/status", "/v1/items/a/events", "/q/health/live", "/v1/items/b");
        for (int i = 0; i < 20_000; i++) {
            String canonical = paths.get(rnd.nextInt(paths.size()));
            StringBuilder b = new StringBuilder(canonical);
            int edits = 1 + rnd.nextInt(3);
            for (int e = 0; e < edits; e++) {
                b.insert(rnd.nextInt(b.length() + 1), tricks[rnd.nextInt(tricks.length)]);
            }
            String spelled = b.toString();
            for (String key : new String[]{null, READER, WRITER}) {
                String method = rnd.nextBoolean() ? "GET" : "POST";
                int s = status(method, spelled, key);
                if (s != 400) {
                    // Only a path the gate reads as some endpoint may pass, and then as that endpoint.
                    var spelledDecision = GATE.decide(method, spelled, Optional.ofNullable(key), Optional.of("application/json"));
                    if (spelledDecision.allowed() && spelledDecision.endpoint() != null) {
                        assertThat(CanonicalPath.problem(spelled)).as(spelled).isEmpty();
                        assertThat(TABLE.match(method, spelled)).as(spelled).isPresent();
                    }
                }
            }
        }
    }

    @Test
    void refusalsAreProblemDocuments() {
        var d = GATE.decide("GET", "/v1/status", Optional.empty(), Optional.empty());
        assertThat(ProblemJson.of(d.problemType(), d.title(), d.status(), "a \"quoted\"\n reason"))
                .isEqualTo("{\"type\":\"urn:edgesync:problem:unauthenticated\",\"title\":\"Unauthenticated\","
                        + "\"status\":401,\"detail\":\"a \\\"quoted\\\"\\n reason\"}");
    }
}
