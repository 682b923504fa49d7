package dev.edgesync.core.it;

import dev.edgesync.core.broker.CentreKafka;
import dev.edgesync.core.broker.CoreTopics;
import dev.edgesync.core.relay.LandingRouter;
import dev.edgesync.core.relay.Relay;
import dev.edgesync.core.sites.SiteRegistry;
import dev.edgesync.protocol.SyncHeaders;
import dev.edgesync.protocol.TopicNames;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * core-ingest as an application with its embedded centre: edges' landing writes are relayed to
 * analytics exactly once, checks dead-letter bad records, and the site registry answers over HTTP.
 * Every test uses its own sites and streams, so they do not see each other's data.
 */
@QuarkusTest
@WithTestResource(EmbeddedCentreResource.class)
class CoreIngestIT {

    private static final String GROUP = "core-ingest";
    private static final Duration RELAYED_WITHIN = Duration.ofSeconds(30);

    @Inject
    CentreKafka centre;
    @Inject
    Relay relay;
    @Inject
    SiteRegistry registry;

    private String bootstrap() {
        return centre.bootstrapServers();
    }

    private void landing(String site, String... streams) {
        for (String s : streams) {
            Centre.createTopic(bootstrap(), TopicNames.landing(site, s), 3);
        }
    }

    @Test
    void relaysTwoSitesAndTwoStreamsExactlyOnceWithRouterHeadersInKeyOrder() {
        landing("north-1", "sales-a", "stock-a");
        landing("south-1", "sales-a", "stock-a");
        Map<String, Centre.Event> sent = new HashMap<>();
        Map<TopicPartition, Long> last = new HashMap<>();
        try (Centre.EdgeWriter north = new Centre.EdgeWriter(bootstrap(), "north-1", "eu-north", "aws");
             Centre.EdgeWriter south = new Centre.EdgeWriter(bootstrap(), "south-1", "eu-south", "gcp")) {
            for (String stream : List.of("sales-a", "stock-a")) {
                for (var edge : Map.of("north-1", north, "south-1", south).entrySet()) {
                    List<Centre.Event> events = Centre.events(edge.getKey() + "-" + stream, 120, 8, 3);
                    events.forEach(e -> sent.put(e.id(), e));
                    // Three uplink transactions, as three sync rounds.
                    for (int i = 0; i < 3; i++) {
                        last.putAll(edge.getValue().write(stream, events.subList(i * 40, i * 40 + 40), true));
                    }
                }
            }
        }

        Centre.awaitRelayed(bootstrap(), GROUP, last, RELAYED_WITHIN);

        for (String stream : List.of("sales-a", "stock-a")) {
            List<ConsumerRecord<byte[], byte[]>> out = Centre.readAll(bootstrap(), TopicNames.analytics(stream), true);
            assertThat(out).extracting(Centre::eventId).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(sent.keySet().stream().filter(id -> id.contains("-" + stream + "-")).toList());
            for (ConsumerRecord<byte[], byte[]> r : out) {
                Centre.Event e = sent.get(Centre.eventId(r));
                String site = Centre.header(r, SyncHeaders.EDGE_SITE);
                assertThat(Centre.header(r, SyncHeaders.ROUTE_SITE)).isEqualTo(site);
                assertThat(Centre.header(r, SyncHeaders.ROUTE_REGION)).isEqualTo(site.equals("north-1") ? "eu-north" : "eu-south");
                assertThat(Centre.header(r, SyncHeaders.ROUTE_CLOUD)).isEqualTo(site.equals("north-1") ? "aws" : "gcp");
                assertThat(Centre.header(r, SyncHeaders.CE_ID)).isEqualTo(e.id());
                assertThat(Centre.header(r, SyncHeaders.CONTENT_TYPE)).isEqualTo("application/json");
                assertThat(Centre.header(r, SyncHeaders.EDGE_OFFSET)).isEqualTo(String.valueOf(e.seq()));
                assertThat(Centre.header(r, SyncHeaders.PROTOCOL_VERSION)).isEqualTo("1");
                assertThat(new String(r.key())).isEqualTo(e.key());
                assertThat(r.value()).isEqualTo(e.value());
                assertThat(r.partition()).as("analytics keeps the landing partition").isEqualTo(e.partition());
            }
            assertKeyOrderPerSite(out);
        }

        JsonPath all = given().get("/v1/sites").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> sites = all.getList("");
        Map<String, Map<String, Object>> byId = sites.stream().collect(Collectors.toMap(s -> (String) s.get("id"), Function.identity()));
        assertThat(byId).containsKeys("north-1", "south-1");
        for (String site : List.of("north-1", "south-1")) {
            Map<String, Object> s = byId.get(site);
            assertThat(s.get("region")).isEqualTo(site.equals("north-1") ? "eu-north" : "eu-south");
            assertThat(s.get("cloud")).isEqualTo(site.equals("north-1") ? "aws" : "gcp");
            assertThat((String) s.get("lastSeen")).isNotBlank();
            assertThat(((Number) s.get("landed")).longValue()).isEqualTo(240);
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> streams = (Map<String, Map<String, Object>>) s.get("streams");
            assertThat(streams).containsOnlyKeys("sales-a", "stock-a");
            assertThat(((Number) streams.get("sales-a").get("landed")).longValue()).isEqualTo(120);
            assertThat(((Number) streams.get("stock-a").get("landed")).longValue()).isEqualTo(120);
        }
        JsonPath one = given().get("/v1/sites/north-1").then().statusCode(200).extract().jsonPath();
        assertThat(one.getString("id")).isEqualTo("north-1");
        assertThat(one.getLong("landed")).isEqualTo(240);
        assertThat(one.getLong("deadLettered")).isZero();
        List<Map<String, Object>> partitions = one.getList("streams.sales-a.partitions");
        assertThat(partitions).as("watermarks per landing partition").isNotEmpty();
        assertThat(partitions.stream().mapToLong(p -> ((Number) p.get("landed")).longValue()).sum()).isEqualTo(120);
        assertThat(partitions).allSatisfy(p -> {
            assertThat(((Number) p.get("nextLandingOffset")).longValue()).isPositive();
            assertThat(((Number) p.get("lastEdgeOffset")).longValue()).isNotNegative();
        });
    }

    @Test
    void anUnknownSiteIsA404ProblemDocument() {
        given().get("/v1/sites/never-seen").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", org.hamcrest.Matchers.equalTo(404))
                .body("title", org.hamcrest.Matchers.equalTo("Unknown site"))
                .body("detail", org.hamcrest.Matchers.containsString("never-seen"));
    }

    @Test
    void abortedLandingTransactionsAreNotRelayed() {
        landing("abort-1", "sales-b");
        List<Centre.Event> aborted = Centre.events("aborted", 30, 3, 3);
        List<Centre.Event> committed = Centre.events("committed", 30, 3, 3);
        Map<TopicPartition, Long> last;
        try (Centre.EdgeWriter edge = new Centre.EdgeWriter(bootstrap(), "abort-1", "eu", "aws")) {
            edge.write("sales-b", aborted, false);
            last = edge.write("sales-b", committed, true);
        }

        Centre.awaitRelayed(bootstrap(), GROUP, last, RELAYED_WITHIN);

        assertThat(Centre.readAll(bootstrap(), TopicNames.analytics("sales-b"), true)).extracting(Centre::eventId)
                .containsExactlyInAnyOrderElementsOf(committed.stream().map(Centre.Event::id).toList());
        assertThat(registry.get("abort-1").orElseThrow().landed()).containsExactly(Map.entry("sales-b", 30L));
    }

    @Test
    void aSitesInternalTopicsAreNotRelayed() {
        landing("intern-1", "sales-c");
        Centre.createTopic(bootstrap(), TopicNames.checkpoints("intern-1"), 1);
        Centre.createTopic(bootstrap(), TopicNames.heartbeats("intern-1"), 1);
        Map<TopicPartition, Long> last;
        try (Centre.EdgeWriter edge = new Centre.EdgeWriter(bootstrap(), "intern-1", "eu", "aws")) {
            // Records that look like data, in the internal topics: a relay reading them would copy them.
            Centre.Event fake = new Centre.Event(0, "k", "internal-record", 1);
            RecordHeaders h = edge.headers(fake, "intern-1", "1");
            edge.writeRaw(List.of(
                    new ProducerRecord<>(TopicNames.checkpoints("intern-1"), 0, Centre.utf8("k"), fake.value(), h),
                    new ProducerRecord<>(TopicNames.heartbeats("intern-1"), 0, Centre.utf8("k"), fake.value(), h)), true);
            last = edge.write("sales-c", Centre.events("intern", 10, 2, 3), true);
        }

        Centre.awaitRelayed(bootstrap(), GROUP, last, RELAYED_WITHIN);

        assertThat(Centre.readAll(bootstrap(), TopicNames.analytics("sales-c"), true)).hasSize(10)
                .extracting(Centre::eventId).doesNotContain("internal-record");
        Map<TopicPartition, OffsetAndMetadata> offsets = Centre.committedOffsets(bootstrap(), GROUP);
        assertThat(offsets.keySet()).extracting(TopicPartition::topic)
                .doesNotContain(TopicNames.checkpoints("intern-1"), TopicNames.heartbeats("intern-1"));
        assertThat(Centre.readAll(bootstrap(), CoreTopics.DLQ, true))
                .noneMatch(r -> Centre.header(r, LandingRouter.DLQ_SOURCE_TOPIC).startsWith("landing.intern-1._"));
    }

    @Test
    void badRecordsGoToTheDlqWithTheirReasonAndGoodOnesAreStillRelayed() {
        landing("checked-1", "sales-d");
        Map<TopicPartition, Long> last;
        try (Centre.EdgeWriter edge = new Centre.EdgeWriter(bootstrap(), "checked-1", "eu", "aws")) {
            String topic = TopicNames.landing("checked-1", "sales-d");
            Centre.Event good = new Centre.Event(0, "k1", "good-1", 1);
            Centre.Event forged = new Centre.Event(1, "k2", "forged-1", 1);
            Centre.Event future = new Centre.Event(2, "k3", "future-1", 1);
            last = edge.writeRaw(List.of(
                    new ProducerRecord<>(topic, 0, Centre.utf8(good.key()), good.value(), edge.headers(good, "checked-1", "1")),
                    new ProducerRecord<>(topic, 1, Centre.utf8(forged.key()), forged.value(), edge.headers(forged, "other-site", "1")),
                    new ProducerRecord<>(topic, 2, Centre.utf8(future.key()), future.value(), edge.headers(future, "checked-1", "99"))),
                    true);
        }

        Centre.awaitRelayed(bootstrap(), GROUP, last, RELAYED_WITHIN);

        assertThat(Centre.readAll(bootstrap(), TopicNames.analytics("sales-d"), true)).extracting(Centre::eventId)
                .containsExactly("good-1");
        List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>(Centre.readAll(bootstrap(), CoreTopics.DLQ, true).stream()
                .filter(r -> TopicNames.landing("checked-1", "sales-d").equals(Centre.header(r, LandingRouter.DLQ_SOURCE_TOPIC)))
                .toList());
        assertThat(dead).hasSize(2);
        Map<String, String> reasonById = dead.stream().collect(Collectors.toMap(Centre::eventId,
                r -> Centre.header(r, LandingRouter.DLQ_REASON)));
        assertThat(reasonById.get("forged-1")).startsWith("site-mismatch:").contains("other-site");
        assertThat(reasonById.get("future-1")).startsWith("unsupported-protocol-version:").contains("99");
        assertThat(dead).allSatisfy(r -> assertThat(Centre.header(r, SyncHeaders.CE_ID)).isEqualTo(Centre.eventId(r)));
        var site = registry.get("checked-1").orElseThrow();
        assertThat(site.landed()).containsExactly(Map.entry("sales-d", 1L));
        assertThat(site.deadLettered()).isEqualTo(2);
        // Counted per site and reason in the metrics, for alerts on a site that misbehaves.
        String metrics = io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("core_relay_dead_lettered_total{reason=\"site-mismatch\",site=\"checked-1\"} 1.0",
                "core_relay_dead_lettered_total{reason=\"unsupported-protocol-version\",site=\"checked-1\"} 1.0");
    }

    @Test
    void aSiteThatAppearsAfterStartupIsPickedUpWithinSeconds() {
        assertThat(relay.isRunning()).isTrue();
        landing("late-1", "sales-e");
        Map<TopicPartition, Long> last;
        try (Centre.EdgeWriter edge = new Centre.EdgeWriter(bootstrap(), "late-1", "eu", "aws")) {
            last = edge.write("sales-e", Centre.events("late", 12, 3, 3), true);
        }

        Centre.awaitRelayed(bootstrap(), GROUP, last, Duration.ofSeconds(15));

        assertThat(Centre.readAll(bootstrap(), TopicNames.analytics("sales-e"), true)).hasSize(12);
        given().get("/v1/sites/late-1").then().statusCode(200).body("landed", org.hamcrest.Matchers.equalTo(12));
    }

    @Test
    void restartingTheRelayNeitherDuplicatesNorLosesAndReloadsTheRegistry() {
        landing("restart-1", "sales-f");
        List<Centre.Event> before = Centre.events("before", 90, 6, 3);
        List<Centre.Event> during = Centre.events("during", 90, 6, 3);
        try (Centre.EdgeWriter edge = new Centre.EdgeWriter(bootstrap(), "restart-1", "eu", "aws")) {
            Centre.awaitRelayed(bootstrap(), GROUP, edge.write("sales-f", before, true), RELAYED_WITHIN);

            relay.stop();
            // Forget what memory holds: the restarted relay must get it back from _core.sites.
            registry.clear();
            Map<TopicPartition, Long> last = edge.write("sales-f", during, true);
            relay.start();

            Centre.awaitRelayed(bootstrap(), GROUP, last, RELAYED_WITHIN);
        }

        List<ConsumerRecord<byte[], byte[]>> out = Centre.readAll(bootstrap(), TopicNames.analytics("sales-f"), true);
        List<String> expected = new ArrayList<>();
        before.forEach(e -> expected.add(e.id()));
        during.forEach(e -> expected.add(e.id()));
        assertThat(out).extracting(Centre::eventId).containsExactlyInAnyOrderElementsOf(expected);
        assertKeyOrderPerSite(out);
        assertThat(registry.get("restart-1").orElseThrow().landed()).containsExactly(Map.entry("sales-f", 180L));
        given().get("/v1/sites/restart-1").then().statusCode(200).body("landed", org.hamcrest.Matchers.equalTo(180));
    }

    /** Within each (site, key), sequence numbers appear as 1, 2, 3, ... in analytics partition order. */
    private static void assertKeyOrderPerSite(List<ConsumerRecord<byte[], byte[]>> out) {
        Map<String, Long> lastSeq = new HashMap<>();
        out.stream().sorted((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                        : Long.compare(a.offset(), b.offset()))
                .forEach(r -> {
                    String key = Centre.header(r, SyncHeaders.ROUTE_SITE) + "/" + new String(r.key());
                    long seq = Centre.eventSeq(r);
                    assertThat(seq).as("sequence of %s", key).isEqualTo(lastSeq.getOrDefault(key, 0L) + 1);
                    lastSeq.put(key, seq);
                });
    }
}
