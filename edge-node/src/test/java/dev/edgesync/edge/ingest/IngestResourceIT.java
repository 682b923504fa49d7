package dev.edgesync.edge.ingest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgesync.edge.broker.EdgeBroker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The REST ingest end to end: real HTTP, real embedded broker, real RocksDB. */
@QuarkusTest
@QuarkusTestResource(value = EdgeNodeTestResource.class, restrictToAnnotatedClass = false)
class IngestResourceIT {

    private static final List<String> RAW = List.of("raw.sales", "raw.payments", "raw.telemetry", "raw.stock");

    @Inject
    EdgeBroker broker;

    private RawLog log;
    private Map<TopicPartition, Long> before;

    @BeforeEach
    void open() {
        log = new RawLog(broker.bootstrapServers());
        before = log.endOffsets(RAW);
    }

    @AfterEach
    void close() {
        log.close();
    }

    private static Response postStructured(String stream, String body) {
        return given().contentType("application/cloudevents+json").body(body)
                .when().post("/v1/streams/{s}/events", stream);
    }

    private static Response postBatch(String stream, String body) {
        return given().contentType("application/cloudevents-batch+json").body(body)
                .when().post("/v1/streams/{s}/events", stream);
    }

    @Test
    void binaryModeAppendsOneRecordWithCeHeadersKeyAndBodyAsValue() {
        String id = "bin-" + System.nanoTime();
        String body = "{\"sku\": \"SKU-000001\",  \"delta\": -2}";
        given().header("ce-specversion", "1.0").header("ce-id", id).header("ce-source", "/store-042/erp")
                .header("ce-type", "com.example.retail.stock.move").header("ce-time", "2026-11-23T07:00:00.164Z")
                .header("ce-subject", "SKU-000001").header("ce-dataschema", "https://example.com/stock.json")
                .header("ce-partitionkey", "SKU-000001").header("ce-CommentText", "caf%C3%A9")
                .contentType("application/json; charset=utf-8").body(body)
                .when().post("/v1/streams/stock/events")
                .then().statusCode(202).contentType(ContentType.JSON)
                .body("accepted", org.hamcrest.Matchers.equalTo(1))
                .body("duplicates", org.hamcrest.Matchers.equalTo(0))
                .body("results[0].index", org.hamcrest.Matchers.equalTo(0))
                .body("results[0].id", org.hamcrest.Matchers.equalTo(id))
                .body("results[0].status", org.hamcrest.Matchers.equalTo("accepted"));

        List<ConsumerRecord<byte[], byte[]>> records = log.readFrom("raw.stock", before);
        assertThat(records).hasSize(1);
        ConsumerRecord<byte[], byte[]> r = records.get(0);
        assertThat(r.topic()).isEqualTo("raw.stock");
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("SKU-000001");
        assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(RawLog.headers(r)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "ce_specversion", "1.0", "ce_id", id, "ce_source", "/store-042/erp",
                "ce_type", "com.example.retail.stock.move", "ce_time", "2026-11-23T07:00:00.164Z",
                "ce_subject", "SKU-000001", "ce_dataschema", "https://example.com/stock.json",
                "ce_partitionkey", "SKU-000001", "ce_commenttext", "café",
                "content-type", "application/json; charset=utf-8"));
        assertThat(log.readFrom("raw.sales", before)).isEmpty();
    }

    @Test
    void structuredModeAppendsCompactJsonDataWithContentTypeAndPartitionKey() {
        ObjectNode e = Samples.event("payments", 0);
        e.put("tillid", 7).put("training", false);
        postStructured("payments", Samples.json(e).replace(",", ", "))
                .then().statusCode(202).body("accepted", org.hamcrest.Matchers.equalTo(1));

        List<ConsumerRecord<byte[], byte[]>> records = log.readFrom("raw.payments", before);
        assertThat(records).hasSize(1);
        ConsumerRecord<byte[], byte[]> r = records.get(0);
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(e.get("partitionkey").asText());
        assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo(Samples.json(e.get("data")));
        Map<String, String> h = RawLog.headers(r);
        assertThat(h).containsEntry("ce_id", e.get("id").asText())
                .containsEntry("ce_source", e.get("source").asText())
                .containsEntry("ce_type", e.get("type").asText())
                .containsEntry("ce_time", e.get("time").asText())
                .containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_partitionkey", e.get("partitionkey").asText())
                .containsEntry("ce_tillid", "7")
                .containsEntry("ce_training", "false")
                .containsEntry("content-type", "application/json")
                .doesNotContainKeys("ce_data", "ce_datacontenttype", "ce_data_base64");
    }

    @Test
    void structuredModeDecodesDataBase64AndLeavesKeyNullWithoutPartitionKey() {
        ObjectNode e = Samples.event("telemetry", 0);
        e.remove("data");
        e.remove("partitionkey");
        byte[] payload = {0, 1, 2, (byte) 0xff, 42};
        e.put("data_base64", Base64.getEncoder().encodeToString(payload));
        e.put("datacontenttype", "application/octet-stream");
        postStructured("telemetry", Samples.json(e)).then().statusCode(202);

        List<ConsumerRecord<byte[], byte[]>> records = log.readFrom("raw.telemetry", before);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isNull();
        assertThat(records.get(0).value()).isEqualTo(payload);
        assertThat(RawLog.headers(records.get(0))).containsEntry("content-type", "application/octet-stream")
                .doesNotContainKey("ce_partitionkey");
    }

    @Test
    void batchModeAppendsEveryEventInOrder() {
        ArrayNode batch = Samples.JSON.createArrayNode();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ObjectNode e = Samples.event("sales", i);
            e.put("partitionkey", "till-03");
            ids.add(e.get("id").asText());
            batch.add(e);
        }
        postBatch("sales", Samples.json(batch)).then().statusCode(202)
                .body("accepted", org.hamcrest.Matchers.equalTo(3))
                .body("duplicates", org.hamcrest.Matchers.equalTo(0))
                .body("results.id", org.hamcrest.Matchers.equalTo(ids))
                .body("results.index", org.hamcrest.Matchers.equalTo(List.of(0, 1, 2)))
                .body("results.status", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo("accepted")));

        List<ConsumerRecord<byte[], byte[]>> records = log.readFrom("raw.sales", before);
        assertThat(records).extracting(r -> RawLog.header(r, "ce_id")).containsExactlyElementsOf(ids);
        assertThat(records).extracting(ConsumerRecord::partition).containsOnly(records.get(0).partition());
        for (int i = 0; i < 3; i++) {
            assertThat(new String(records.get(i).value(), StandardCharsets.UTF_8))
                    .isEqualTo(Samples.json(batch.get(i).get("data")));
        }
    }

    @Test
    void batchSentAsAnHttp2CleartextUpgradeIsAccepted() throws Exception {
        // java.net.http (the default client of many JVM store systems) offers h2c on every plain-HTTP request.
        ArrayNode batch = Samples.JSON.createArrayNode();
        batch.add(Samples.event("stock", 0));
        batch.add(Samples.event("stock", 1));
        HttpRequest request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                        + "/v1/streams/stock/events"))
                .header("Content-Type", "application/cloudevents-batch+json")
                .POST(HttpRequest.BodyPublishers.ofString(Samples.json(batch)))
                .build();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(Samples.JSON.readTree(response.body()).get("accepted").asInt()).isEqualTo(2);
        assertThat(log.readFrom("raw.stock", before)).extracting(r -> RawLog.header(r, "ce_id"))
                .containsExactly(batch.get(0).get("id").asText(), batch.get(1).get("id").asText());
    }

    @Test
    void samePairPostedTwiceIsAppendedOnceAndReportedDuplicate() {
        String body = Samples.json(Samples.event("stock", 1));
        postStructured("stock", body).then().statusCode(202).body("results[0].status", org.hamcrest.Matchers.equalTo("accepted"));
        postStructured("stock", body).then().statusCode(202)
                .body("accepted", org.hamcrest.Matchers.equalTo(0))
                .body("duplicates", org.hamcrest.Matchers.equalTo(1))
                .body("results[0].status", org.hamcrest.Matchers.equalTo("duplicate"));
        assertThat(log.readFrom("raw.stock", before)).hasSize(1);
    }

    @Test
    void pairRepeatedInOneBatchOrAcrossModesIsAppendedOnce() {
        ObjectNode a = Samples.event("sales", 0);
        ObjectNode b = Samples.event("sales", 1);
        ArrayNode batch = Samples.JSON.createArrayNode().add(a).add(b).add(a.deepCopy());
        postBatch("sales", Samples.json(batch)).then().statusCode(202)
                .body("accepted", org.hamcrest.Matchers.equalTo(2))
                .body("duplicates", org.hamcrest.Matchers.equalTo(1))
                .body("results.status", org.hamcrest.Matchers.equalTo(List.of("accepted", "accepted", "duplicate")));
        // The same pair in binary mode is the same event.
        given().header("ce-specversion", "1.0").header("ce-id", b.get("id").asText())
                .header("ce-source", b.get("source").asText()).header("ce-type", "x")
                .contentType("text/plain").body("anything")
                .when().post("/v1/streams/sales/events")
                .then().statusCode(202).body("results[0].status", org.hamcrest.Matchers.equalTo("duplicate"));
        assertThat(log.readFrom("raw.sales", before)).extracting(r -> RawLog.header(r, "ce_id"))
                .containsExactlyInAnyOrder(a.get("id").asText(), b.get("id").asText());
    }

    @Test
    void concurrentPostsOfTheSamePairAppendItOnce() throws Exception {
        String body = Samples.json(Samples.event("payments", 2));
        int n = 8;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                calls.add(() -> postStructured("payments", body).then().statusCode(202)
                        .extract().path("results[0].status"));
            }
            List<String> statuses = new ArrayList<>();
            for (Future<String> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
            assertThat(statuses).containsOnlyOnce("accepted").hasSize(n);
            assertThat(statuses.stream().filter("duplicate"::equals)).hasSize(n - 1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(log.readFrom("raw.payments", before)).hasSize(1);
    }

    @Test
    void streamsListsDeclaredStreamsWithPartitionsAndRawEndOffsets() {
        postStructured("stock", Samples.json(Samples.event("stock", 2))).then().statusCode(202);
        Map<TopicPartition, Long> ends = log.endOffsets(List.of("raw.stock"));
        long total = ends.values().stream().mapToLong(Long::longValue).sum();
        given().when().get("/v1/streams").then().statusCode(200).contentType(ContentType.JSON)
                .body("streams.name", org.hamcrest.Matchers.equalTo(List.of("payments", "sales", "stock", "telemetry")))
                .body("streams.find { it.name == 'stock' }.rawTopic", org.hamcrest.Matchers.equalTo("raw.stock"))
                .body("streams.find { it.name == 'stock' }.partitions", org.hamcrest.Matchers.equalTo(3))
                .body("streams.find { it.name == 'stock' }.rawEndOffsets.size()", org.hamcrest.Matchers.equalTo(3))
                .body("streams.find { it.name == 'stock' }.rawEndOffsetTotal", org.hamcrest.Matchers.equalTo((int) total));
    }

    // ---- bad input: problem+json, and nothing appended ----

    private void assertProblemAndNothingAppended(Response response, int status, String typeSuffix) {
        response.then().statusCode(status)
                .contentType("application/problem+json")
                .body("status", org.hamcrest.Matchers.equalTo(status))
                .body("type", org.hamcrest.Matchers.endsWith(typeSuffix))
                .body("title", org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyOrNullString()))
                .body("detail", org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyOrNullString()));
        assertThat(log.endOffsets(RAW)).isEqualTo(before);
    }

    @Test
    void malformedJsonIs400() {
        assertProblemAndNothingAppended(postStructured("sales", "{\"specversion\": \"1.0\", "), 400, "malformed-request");
        assertProblemAndNothingAppended(postBatch("sales", "[{\"a\":1}] trailing"), 400, "malformed-request");
    }

    @Test
    void missingRequiredAttributeIs400WithReason() {
        ObjectNode e = Samples.event("sales", 0);
        e.remove("source");
        Response r = postStructured("sales", Samples.json(e));
        assertProblemAndNothingAppended(r, 400, "invalid-event");
        r.then().body("errors[0].index", org.hamcrest.Matchers.equalTo(0))
                .body("errors[0].reason", org.hamcrest.Matchers.containsString("source"));
        Response binary = given().header("ce-specversion", "1.0").header("ce-id", "x").header("ce-type", "t")
                .contentType("application/json").body("{}").when().post("/v1/streams/sales/events");
        assertProblemAndNothingAppended(binary, 400, "invalid-event");
    }

    @Test
    void unsupportedSpecVersionIs400() {
        ObjectNode e = Samples.event("sales", 0);
        e.put("specversion", "0.3");
        Response r = postStructured("sales", Samples.json(e));
        assertProblemAndNothingAppended(r, 400, "invalid-event");
        r.then().body("errors[0].reason", org.hamcrest.Matchers.containsString("specversion"));
    }

    @Test
    void unknownStreamIs404() {
        assertProblemAndNothingAppended(postStructured("returns", Samples.json(Samples.event("sales", 0))), 404, "unknown-stream");
    }

    @Test
    void bodyOverTheLimitIs413() {
        ObjectNode e = Samples.event("sales", 0);
        e.put("padding", "x".repeat(EdgeNodeTestResource.MAX_BODY_BYTES));
        assertProblemAndNothingAppended(postStructured("sales", Samples.json(e)), 413, "body-too-large");
    }

    @Test
    void chunkedBodyOverTheLimitIs413() throws Exception {
        byte[] big = ("[" + "{\"a\":\"" + "y".repeat(EdgeNodeTestResource.MAX_BODY_BYTES * 2) + "\"}]")
                .getBytes(StandardCharsets.UTF_8);
        // A body of unknown length goes chunked: there is no Content-Length to check up front.
        HttpRequest request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                        + "/v1/streams/sales/events"))
                .header("Content-Type", "application/cloudevents-batch+json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .build();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(Samples.JSON.readTree(response.body()).get("status").asInt()).isEqualTo(413);
        assertThat(log.endOffsets(RAW)).isEqualTo(before);
    }

    @Test
    void tooManyEventsIs413AndEmptyBatchIs400() {
        ArrayNode batch = Samples.JSON.createArrayNode();
        for (int i = 0; i <= EdgeNodeTestResource.MAX_BATCH_EVENTS; i++) {
            batch.add(Samples.event("telemetry", i % 3));
        }
        assertProblemAndNothingAppended(postBatch("telemetry", Samples.json(batch)), 413, "batch-too-large");
        assertProblemAndNothingAppended(postBatch("telemetry", "[]"), 400, "empty-batch");
    }

    @Test
    void wrongContentTypeIs415() {
        Response r = given().contentType("text/plain").body(Samples.json(Samples.event("sales", 0)))
                .when().post("/v1/streams/sales/events");
        assertProblemAndNothingAppended(r, 415, "unsupported-media-type");
        Response json = given().contentType("application/json").body(Samples.json(Samples.event("sales", 0)))
                .when().post("/v1/streams/sales/events");
        assertProblemAndNothingAppended(json, 415, "unsupported-media-type");
    }

    @Test
    void batchWithOneBadEventAppendsNothingAndNamesItsIndex() {
        ArrayNode batch = Samples.JSON.createArrayNode();
        batch.add(Samples.event("stock", 0)).add(Samples.event("stock", 1));
        ObjectNode bad = Samples.event("stock", 2);
        bad.put("id", "");
        batch.add(bad).add(Samples.event("stock", 0));
        Response r = postBatch("stock", Samples.json(batch));
        assertProblemAndNothingAppended(r, 400, "invalid-event");
        r.then().body("errors.size()", org.hamcrest.Matchers.equalTo(1))
                .body("errors[0].index", org.hamcrest.Matchers.equalTo(2))
                .body("errors[0].reason", org.hamcrest.Matchers.containsString("id"));
    }
}
