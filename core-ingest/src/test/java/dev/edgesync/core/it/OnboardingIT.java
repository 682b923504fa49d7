package dev.edgesync.core.it;

import dev.edgesync.core.broker.CentreKafka;
import dev.edgesync.protocol.TopicNames;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * {@code POST /v1/sites} adds a site in one call: its topics exist as the uplink needs them, the registry knows it
 * before any data, the answer holds the edge settings, a repeat changes nothing, and bad requests change nothing.
 */
@QuarkusTest
@WithTestResource(EmbeddedCentreResource.class)
class OnboardingIT {

    private static final String GROUP = "core-ingest";

    @Inject
    CentreKafka centre;

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, centre.bootstrapServers()));
    }

    @Test
    void oneCallCreatesTheSiteTopicsRecordsItAndReturnsItsEdgeSettings() throws Exception {
        JsonPath r = given().contentType(ContentType.JSON)
                .body("{\"id\":\"store-101\",\"region\":\"eu-north\",\"cloud\":\"aws\",\"streams\":{\"sales\":2,\"telemetry\":0}}")
                .post("/v1/sites").then().statusCode(201)
                .header("Location", containsString("/v1/sites/store-101"))
                .extract().jsonPath();

        assertThat(r.getList("createdTopics", String.class)).filteredOn(t -> t.startsWith("landing.")).containsExactly(
                "landing.store-101.sales", "landing.store-101.telemetry", "landing.store-101._checkpoints",
                "landing.store-101._heartbeats");
        // The analytics topics its streams are routed to exist before any data: the relay never makes one from data.
        try (Admin admin = admin()) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("analytics.sales", "analytics.telemetry");
        }
        assertThat(r.getList("existingTopics")).isEmpty();
        assertThat(r.getString("site.onboardedAt")).isNotBlank();
        assertThat(r.getString("site.region")).isEqualTo("eu-north");

        try (Admin admin = admin()) {
            Map<String, TopicDescription> d = admin.describeTopics(List.of("landing.store-101.sales",
                    "landing.store-101.telemetry", "landing.store-101._checkpoints")).allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(d.get("landing.store-101.sales").partitions()).hasSize(2);
            assertThat(d.get("landing.store-101.telemetry").partitions()).as("0 takes the default").hasSize(3);
            ConfigResource cp = new ConfigResource(ConfigResource.Type.TOPIC, TopicNames.checkpoints("store-101"));
            assertThat(admin.describeConfigs(List.of(cp)).all().get(30, TimeUnit.SECONDS).get(cp)
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }

        Properties edge = new Properties();
        edge.load(new StringReader(r.getString("edgeConfig")));
        assertThat(edge).containsEntry("edge.site.id", "store-101").containsEntry("edge.site.region", "eu-north")
                .containsEntry("edge.site.cloud", "aws").containsEntry("edge.core.create-topics", "false")
                .containsEntry("edge.core.bootstrap-servers", centre.edgeBootstrapServers())
                .containsEntry("edge.streams.sales.partitions", "2").containsEntry("edge.streams.telemetry.partitions", "3");

        // Known before any data, then counted once data lands.
        given().get("/v1/sites/store-101").then().statusCode(200)
                .body("landed", equalTo(0)).body("streams.sales.landed", equalTo(0));
        List<Centre.Event> events = Centre.events("ob", 40, 4, 2);
        try (Centre.EdgeWriter edgeWriter = new Centre.EdgeWriter(centre.bootstrapServers(), "store-101", "eu-north", "aws")) {
            Centre.awaitRelayed(centre.bootstrapServers(), GROUP, edgeWriter.write("sales", events, true), Duration.ofSeconds(60));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/v1/sites/store-101").then()
                .statusCode(200).body("landed", equalTo(40)).body("onboardedAt", equalTo(r.getString("site.onboardedAt"))));
    }

    /**
     * An edge whose clock runs 2 h ahead: the centre refuses record timestamps more than
     * {@code message.timestamp.after.max.ms} (1 h) ahead, so site topics are stamped with the centre's append time
     * (onboarding switches one made before), and the edge's time travels in {@code edge_time} through the relay.
     */
    @Test
    void anEdgeClockTwoHoursAheadLandsAndRelaysWithItsTimeInAHeader() throws Exception {
        String site = "store-clock";
        String landing = TopicNames.landing(site, "sales");
        try (Admin admin = admin()) {
            // Made before site topics were stamped by the centre: onboarding switches it.
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(landing, 2, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        given().contentType(ContentType.JSON).body("{\"id\":\"" + site + "\",\"streams\":{\"sales\":2}}")
                .post("/v1/sites").then().statusCode(201);
        try (Admin admin = admin()) {
            for (String t : List.of(landing, TopicNames.checkpoints(site), TopicNames.heartbeats(site))) {
                ConfigResource c = new ConfigResource(ConfigResource.Type.TOPIC, t);
                assertThat(admin.describeConfigs(List.of(c)).all().get(30, TimeUnit.SECONDS).get(c)
                        .get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG).value()).as(t).isEqualTo("LogAppendTime");
            }
        }

        long ahead = System.currentTimeMillis() + Duration.ofHours(2).toMillis();
        List<Centre.Event> events = Centre.events("clk", 20, 4, 2);
        try (Centre.EdgeWriter w = new Centre.EdgeWriter(centre.bootstrapServers(), site, "default", "default")) {
            List<org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
            for (Centre.Event e : events) {
                var h = w.headers(e, site, "1");
                h.add(dev.edgesync.protocol.SyncHeaders.EDGE_TIME, String.valueOf(ahead + e.seq()).getBytes());
                records.add(new org.apache.kafka.clients.producer.ProducerRecord<>(landing, e.partition(), ahead + e.seq(),
                        e.key().getBytes(), e.value(), h));
            }
            // The uplink's checkpoint goes in the same transaction, stamped by the same clock.
            dev.edgesync.protocol.Checkpoint cp = new dev.edgesync.protocol.Checkpoint("sales", 0, 10, 10, ahead);
            records.add(new org.apache.kafka.clients.producer.ProducerRecord<>(TopicNames.checkpoints(site), null, ahead,
                    cp.encodeKey(), cp.encodeValue()));
            Map<org.apache.kafka.common.TopicPartition, Long> last = new java.util.HashMap<>(w.writeRaw(records, true));
            last.keySet().removeIf(tp -> !tp.topic().equals(landing)); // the relay does not read checkpoints
            Centre.awaitRelayed(centre.bootstrapServers(), GROUP, last, Duration.ofSeconds(60));
        }
        long landedBy = System.currentTimeMillis();
        List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> landed =
                Centre.readAll(centre.bootstrapServers(), landing, true);
        assertThat(landed).hasSize(20).allSatisfy(r -> {
            assertThat(r.timestampType()).isEqualTo(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME);
            assertThat(r.timestamp()).isLessThanOrEqualTo(landedBy);
        });
        List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> relayed =
                Centre.readAll(centre.bootstrapServers(), "analytics.sales", true).stream()
                        .filter(r -> site.equals(Centre.header(r, dev.edgesync.protocol.SyncHeaders.EDGE_SITE))).toList();
        assertThat(relayed).hasSize(20).allSatisfy(r -> assertThat(Long.parseLong(
                Centre.header(r, dev.edgesync.protocol.SyncHeaders.EDGE_TIME))).isBetween(ahead, ahead + 20));

        // Its heartbeat (stamped 2 h ahead too) carries the skew it measured; the site view shows it.
        dev.edgesync.protocol.Heartbeat beat = new dev.edgesync.protocol.Heartbeat(site, ahead, "up", 1, 0, 0, 0,
                Map.of(), Duration.ofHours(2).toMillis());
        try (var p = new org.apache.kafka.clients.producer.KafkaProducer<>(Map.<String, Object>of(
                "bootstrap.servers", centre.bootstrapServers()), new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            p.send(new org.apache.kafka.clients.producer.ProducerRecord<>(TopicNames.heartbeats(site), null, ahead,
                    beat.encodeKey(), beat.encodeValue())).get(30, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/v1/sites/" + site).then().statusCode(200)
                .body("landed", equalTo(20)).body("heartbeat.clockSkewMs", equalTo(7_200_000)));
    }

    @Test
    void repeatingIsHarmlessAndANewStreamAddsOnlyItsTopic() {
        String body = "{\"id\":\"store-102\",\"streams\":{\"sales\":3}}";
        given().contentType(ContentType.JSON).body(body).post("/v1/sites").then().statusCode(201)
                .body("site.region", equalTo("default"));
        JsonPath again = given().contentType(ContentType.JSON).body(body).post("/v1/sites").then().statusCode(200)
                .extract().jsonPath();
        assertThat(again.getList("createdTopics")).isEmpty();
        assertThat(again.getList("existingTopics")).hasSize(3);

        JsonPath more = given().contentType(ContentType.JSON).body("{\"id\":\"store-102\",\"streams\":{\"stock\":1}}")
                .post("/v1/sites").then().statusCode(201).extract().jsonPath();
        assertThat(more.getList("createdTopics", String.class)).filteredOn(t -> t.startsWith("landing."))
                .containsExactly("landing.store-102.stock");
        assertThat(more.getString("edgeConfig")).contains("edge.streams.sales.partitions=3", "edge.streams.stock.partitions=1");
    }

    @Test
    void badRequestsAreProblemsAndCreateNothing() throws Exception {
        problem("{\"id\":\"Store_1\",\"streams\":{\"sales\":3}}", 400, "id: 'Store_1' is not valid");
        problem("{\"id\":\"store-103\"}", 400, "name at least one stream");
        problem("{\"id\":\"store-103\",\"streams\":{\"sales\":-2}}", 400, "outside 1..64 (core.onboarding.max-partitions-per-stream)");
        problem("{\"id\":\"store-103\",\"streams\":{\"_checkpoints\":1}}", 400, "not a valid stream name");
        problem("{\"id\":\"store-103\",\"region\":\"EU\",\"streams\":{\"sales\":1}}", 400, "region: 'EU'");
        problem("{\"id\":\"store-103\",\"streams\":{\"sales\":1},\"typo\":1}", 400, "typo");
        problem("not json", 400, "JSON object");
        problem("", 400, "\"id\"");
        try (Admin admin = admin()) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertThat(names).noneMatch(n -> n.startsWith("landing.store-103."));
        }

        given().contentType(ContentType.JSON).body("{\"id\":\"store-104\",\"streams\":{\"sales\":3}}")
                .post("/v1/sites").then().statusCode(201);
        problem("{\"id\":\"store-104\",\"streams\":{\"sales\":4}}", 400, "cannot change");
        // A topic made outside onboarding (an edge that created its own) with another count: a conflict.
        Centre.createTopic(centre.bootstrapServers(), TopicNames.landing("store-105", "sales"), 2);
        problem("{\"id\":\"store-105\",\"streams\":{\"sales\":3}}", 409, "exists with 2 partitions");
    }

    private static void problem(String body, int status, String detail) {
        given().contentType(ContentType.JSON).body(body).post("/v1/sites").then().statusCode(status)
                .contentType("application/problem+json").body("status", equalTo(status))
                .body("detail", containsString(detail));
    }
}
