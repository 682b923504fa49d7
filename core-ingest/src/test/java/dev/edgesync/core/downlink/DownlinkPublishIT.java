package dev.edgesync.core.downlink;

import dev.edgesync.core.broker.CentreKafka;
import dev.edgesync.core.it.Centre;
import dev.edgesync.core.it.EmbeddedCentreResource;
import dev.edgesync.protocol.SyncHeaders;
import dev.edgesync.protocol.downlink.Addressing;
import dev.edgesync.protocol.downlink.DownlinkMessage;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** {@code POST /v1/downlink/{kind}} on core-ingest with its embedded centre: what it publishes and what it refuses. */
@QuarkusTest
@WithTestResource(EmbeddedCentreResource.class)
class DownlinkPublishIT {

    @Inject
    CentreKafka centre;

    private static ValidatableResponse post(String kind, String body) {
        return given().contentType("application/json").body(body).post("/v1/downlink/" + kind).then();
    }

    @Test
    void publishesInOrderToTheTargetsTopicWithRouterHeadersAndNoRetention() throws Exception {
        String upsert = "{\"target\":{\"region\":\"eu-west\"},\"payload\":{\"table\":\"products\",\"op\":\"upsert\","
                + "\"rows\":{\"sku-1\":{\"price\":1.10,\"name\":\"tea\"}}}}";
        String regional = "control.region.eu-west.reference";
        int first = post("reference", upsert).statusCode(202)
                .body("kind", equalTo("reference"))
                .body("topic", equalTo(regional))
                .body("partition", equalTo(0))
                .body("target.region", equalTo("eu-west"))
                .body("target.site", equalTo("*"))
                .extract().path("offset");
        String id2 = post("reference", "{\"target\":{\"region\":\"eu-west\"},\"payload\":{\"table\":\"products\","
                + "\"op\":\"delete\",\"keys\":[\"sku-1\"]}}").statusCode(202).body("offset", equalTo(first + 1)).extract().path("id");
        post("reference", "{\"target\":\"*\",\"payload\":{\"table\":\"products\",\"op\":\"delete\",\"keys\":[\"sku-2\"]}}")
                .statusCode(202).body("topic", equalTo("control.reference"));
        post("config", "{\"target\":{\"site\":\"store-042\"},\"payload\":{\"set\":{\"edge.sync.max-bytes-per-second\":65536}}}")
                .statusCode(202).body("topic", equalTo("control.site.store-042.config"));

        List<ConsumerRecord<byte[], byte[]>> reference = Centre.readAll(centre.bootstrapServers(), regional, true);
        assertThat(reference).hasSizeGreaterThanOrEqualTo(2);
        ConsumerRecord<byte[], byte[]> r1 = reference.get(first);
        DownlinkMessage m1 = DownlinkMessage.decode(r1.topic(), r1.headers(), r1.value());
        assertThat(m1.to()).isEqualTo(Addressing.region("eu-west"));
        assertThat(Centre.header(r1, SyncHeaders.ROUTE_REGION)).isEqualTo("eu-west");
        assertThat(Centre.header(r1, SyncHeaders.ROUTE_SITE)).isEqualTo("*");
        assertThat(Centre.header(r1, SyncHeaders.PROTOCOL_VERSION)).isEqualTo("1");
        assertThat(Centre.header(r1, SyncHeaders.CE_TYPE)).isEqualTo("dev.edgesync.downlink.reference");
        assertThat(new String(m1.payload(), StandardCharsets.UTF_8)).as("decimals as sent")
                .isEqualTo("{\"table\":\"products\",\"op\":\"upsert\",\"rows\":{\"sku-1\":{\"price\":1.10,\"name\":\"tea\"}}}");
        ConsumerRecord<byte[], byte[]> r2 = reference.get(first + 1);
        assertThat(Centre.header(r2, SyncHeaders.CE_ID)).isEqualTo(id2);
        ConsumerRecord<byte[], byte[]> b = Centre.readAll(centre.bootstrapServers(), "control.reference", true).get(0);
        assertThat(DownlinkMessage.decode(b.topic(), b.headers(), b.value()).to().isEveryone()).isTrue();
        ConsumerRecord<byte[], byte[]> c = Centre.readAll(centre.bootstrapServers(), "control.site.store-042.config", true).get(0);
        assertThat(Centre.header(c, SyncHeaders.ROUTE_SITE)).isEqualTo("store-042");

        try (Admin admin = centre.admin()) {
            assertThat(admin.describeTopics(List.of(regional, "control.reference", "control.site.store-042.config"))
                    .allTopicNames().get(30, TimeUnit.SECONDS).values()).allSatisfy(d -> assertThat(d.partitions()).hasSize(1));
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(
                    new ConfigResource(ConfigResource.Type.TOPIC, regional))).all().get(30, TimeUnit.SECONDS);
            Config rc = configs.values().iterator().next();
            assertThat(rc.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("-1");
            assertThat(rc.get(TopicConfig.RETENTION_BYTES_CONFIG).value()).isEqualTo("-1");
        }
    }

    @Test
    void aMessageLargerThanTheCentreAcceptsIs413AndATargetMayCombineParts() {
        String big = "x".repeat(2 << 20);
        post("reference", "{\"target\":\"*\",\"payload\":{\"table\":\"t\",\"op\":\"upsert\",\"rows\":{\"k\":{\"v\":\""
                + big + "\"}}}}").statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("split it into several upserts"));
        post("reference", "{\"target\":{\"region\":\"eu\",\"cloud\":\"aws\"},\"payload\":{\"table\":\"t\",\"op\":\"delete\","
                + "\"keys\":[\"k\"]}}").statusCode(202)
                .body("target.region", equalTo("eu")).body("target.cloud", equalTo("aws")).body("target.site", equalTo("*"))
                .body("topic", equalTo("control.region.eu.cloud.aws.reference"));
    }

    @Test
    void refusesBadInputWithProblemJsonNamingTheField() {
        post("alerts", "{\"target\":\"*\",\"payload\":{}}").statusCode(404).contentType("application/problem+json")
                .body("title", equalTo("Unknown downlink kind")).body("detail", containsString("[reference, config]"));
        post("reference", "not json").statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("not JSON"));
        post("reference", "{\"payload\":{\"table\":\"t\",\"op\":\"delete\",\"keys\":[\"k\"]}}").statusCode(400)
                .body("detail", containsString("target: required"));
        post("reference", "{\"target\":{},\"payload\":{\"table\":\"t\",\"op\":\"delete\",\"keys\":[\"k\"]}}").statusCode(400)
                .body("detail", containsString("target: required"));
        post("reference", "{\"target\":{\"region\":\"EU West\"},\"payload\":{\"table\":\"t\",\"op\":\"delete\",\"keys\":[\"k\"]}}")
                .statusCode(400).body("detail", containsString("region 'EU West'"));
        post("reference", "{\"target\":{\"zone\":\"a\"},\"payload\":{\"table\":\"t\",\"op\":\"delete\",\"keys\":[\"k\"]}}")
                .statusCode(400).body("detail", containsString("target.zone: unknown"));
        post("reference", "{\"target\":\"*\",\"payload\":{\"table\":\"Bad.Table\",\"op\":\"delete\",\"keys\":[\"k\"]}}")
                .statusCode(400).body("detail", containsString("table='Bad.Table'"));
        post("reference", "{\"target\":\"*\",\"payload\":{\"table\":\"t\",\"op\":\"upsert\",\"rows\":{\"k\":[1]}}}")
                .statusCode(400).body("detail", containsString("rows.k: a row must be a JSON object"));
        post("reference", "{\"target\":\"*\",\"payload\":{\"table\":\"t\",\"op\":\"upsert\",\"row\":{}}}")
                .statusCode(400).body("detail", containsString("row"));
        post("config", "{\"target\":\"*\",\"payload\":{\"set\":{\"edge.streams.sales.partitions\":6}}}")
                .statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("edge.streams.sales.partitions cannot be changed at runtime"));
        post("config", "{\"target\":\"*\",\"payload\":{\"set\":{\"edge.sync.max-bytes-per-second\":12}}}")
                .statusCode(400).body("detail", containsString("edge.sync.max-bytes-per-second=12"));
        // Emptying a table on every edge it reaches needs the message to say so.
        post("reference", "{\"target\":\"*\",\"payload\":{\"table\":\"prices\",\"op\":\"replace\",\"rows\":{}}}")
                .statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("would empty table 'prices'")).body("detail", containsString("allowEmpty"));
        post("reference", "{\"target\":\"*\",\"payload\":{\"table\":\"prices\",\"op\":\"delete\",\"keys\":[\"k\"],"
                + "\"allowEmpty\":true}}").statusCode(400).body("detail", containsString("allowEmpty: only with op replace"));
        post("reference", "{\"target\":{\"site\":\"store-9\"},\"payload\":{\"table\":\"prices\",\"op\":\"replace\","
                + "\"rows\":{},\"allowEmpty\":true}}").statusCode(202).body("topic", equalTo("control.site.store-9.reference"));
    }
}
