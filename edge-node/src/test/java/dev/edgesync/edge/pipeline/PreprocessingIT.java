package dev.edgesync.edge.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.edgesync.edge.pipeline.process.Events;
import dev.edgesync.edge.pipeline.process.RedactStep;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The preprocessing pipeline in the app with its real broker and RocksDB, on retail sample events: what each
 * processor does to the sales lines, the dlq and its reasons, the counters, exactly once through a processor crash
 * mid-batch; and the telemetry aggregation up to the middle of a window (the rest across a restart:
 * {@link PreprocessingRestartIT}).
 */
@QuarkusTest
@TestProfile(PreprocessingIT.FirstRun.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PreprocessingIT {

    /** Fresh data dir, pipelines configured; uplink disabled. */
    public static class FirstRun implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PreprocessingResource.class));
        }
    }

    static final int CRASH_SALE = 10;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    @Order(1)
    void salesLinesAreValidatedRedactedTransformedEnrichedAndFilteredExactlyOnceDespiteACrashMidBatch() {
        List<JsonNode> sales = Events.load("pipeline/sales.jsonl");
        ((ObjectNode) sales.get(CRASH_SALE).get("data")).put("crashOnce", true);
        List<JsonNode> input = new ArrayList<>(sales);
        input.add(invalid(sales.get(0), "bad-qty", d -> d.put("qty", 0)));
        input.add(invalid(sales.get(1), "bad-currency", d -> d.put("currency", "USD")));
        ObjectNode garbage = sales.get(2).deepCopy();
        garbage.put("id", "bad-json");
        garbage.set("data", TextNode.valueOf("garbage"));
        input.add(garbage);
        int crashesBefore = FailOnceProcessor.CRASHES.get();
        SampleEvents.write(bootstrap, "sales", input);

        List<JsonNode> kept = sales.stream().filter(s -> s.get("data").get("qty").asInt() < 6).toList();
        int dropped = sales.size() - kept.size();
        assertThat(dropped).as("the sample has lines the filter drops").isPositive();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .until(() -> SampleEvents.count(bootstrap, "curated.sales") >= kept.size()
                        && SampleEvents.count(bootstrap, "dlq.sales") >= 3);
        assertThat(FailOnceProcessor.CRASHES.get() - crashesBefore).as("the marked line crashed one batch").isEqualTo(1);

        // Exactly the kept lines, each once, in their partition in input order.
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> curated = SampleEvents.read(bootstrap, "curated.sales");
        Map<Integer, List<String>> expectedIds = new HashMap<>();
        kept.forEach(s -> expectedIds.computeIfAbsent(SampleEvents.partition(s), p -> new ArrayList<>()).add(s.get("id").asText()));
        curated.forEach((p, records) -> assertThat(records.stream().map(r -> RawEvents.header(r, "ce_id")).toList())
                .as("partition %d", p).isEqualTo(expectedIds.getOrDefault(p, List.of())));

        RedactStep hash = new RedactStep(List.of(), List.of("x"), "test-site-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8));
        Map<String, JsonNode> byId = new HashMap<>();
        kept.forEach(s -> byId.put(s.get("id").asText(), s.get("data")));
        for (ConsumerRecord<byte[], byte[]> r : SampleEvents.all(bootstrap, "curated.sales")) {
            JsonNode in = byId.get(RawEvents.header(r, "ce_id"));
            JsonNode out = TelemetryWindows.tree(r.value());
            // redact
            String raw = new String(r.value(), StandardCharsets.UTF_8);
            assertThat(raw).doesNotContain("@example.com").doesNotContain("+44 ");
            if (in.get("customer").isNull()) {
                assertThat(out.get("customer").isNull()).isTrue();
            } else {
                assertThat(out.get("customer").size()).isEqualTo(1);
                assertThat(out.get("customer").get("loyaltyId").asText())
                        .isEqualTo(hash.hmac(in.get("customer").get("loyaltyId").asText()));
            }
            // transform
            assertThat(out.has("cashier")).isFalse();
            assertThat(out.get("staffId").asText()).isEqualTo(in.get("cashier").asText());
            assertThat(out.has("currency")).isFalse();
            assertThat(out.get("schemaVersion").asInt()).isEqualTo(2);
            assertThat(out.get("basketId").asText()).isEqualTo(in.get("basketId").asText());
            // enrich
            assertThat(out.get("site").toString()).isEqualTo("{\"id\":\"test-site\",\"region\":\"eu-west\",\"cloud\":\"aws\"}");
            if (out.has("product")) {
                assertThat(out.get("product").get("sku").asText()).isEqualTo(in.get("sku").asText());
                assertThat(out.get("product").get("name").asText()).startsWith("Product ");
            }
            // headers kept
            assertThat(RawEvents.header(r, "ce_type")).isEqualTo("com.example.retail.sale.line");
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).startsWith("till-");
        }
        assertThat(SampleEvents.all(bootstrap, "curated.sales")).anySatisfy(r ->
                assertThat(TelemetryWindows.tree(r.value()).has("product")).isTrue());

        // dlq: the raw event as it came, with the reason
        Map<String, String> reasons = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : SampleEvents.all(bootstrap, "dlq.sales")) {
            reasons.put(RawEvents.header(r, "ce_id"), RawEvents.header(r, StageRouting.REJECT_REASON));
        }
        assertThat(reasons).containsOnlyKeys("bad-qty", "bad-currency", "bad-json");
        assertThat(reasons.get("bad-qty")).startsWith("validate: ").contains("/qty");
        assertThat(reasons.get("bad-currency")).startsWith("validate: ").contains("/currency");
        assertThat(reasons.get("bad-json")).startsWith("validate: ").contains("not JSON");

        // counters, counted once although one batch ran twice
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metric(metrics, "edge_pipeline_events_total", "outcome=\"in\",processor=\"validate\",stream=\"sales\""))
                .isEqualTo(input.size());
        assertThat(metric(metrics, "edge_pipeline_events_total", "outcome=\"dlq\",processor=\"validate\",stream=\"sales\""))
                .isEqualTo(3);
        assertThat(metric(metrics, "edge_pipeline_events_total", "outcome=\"dropped\",processor=\"filter\",stream=\"sales\""))
                .isEqualTo(dropped);
        assertThat(metric(metrics, "edge_pipeline_events_total", "outcome=\"out\",processor=\"pipeline\",stream=\"sales\""))
                .isEqualTo(kept.size());
        double in = metric(metrics, "edge_pipeline_bytes_total", "direction=\"in\",stream=\"sales\"");
        double out = metric(metrics, "edge_pipeline_bytes_total", "direction=\"out\",stream=\"sales\"");
        assertThat(in).isPositive();
        assertThat(out).isPositive().isEqualTo(SampleEvents.all(bootstrap, "curated.sales").stream()
                .mapToLong(r -> r.value().length).sum());
    }

    @Test
    @Order(2)
    void telemetryWindowsClosedSoFarAreEmittedExactly() {
        TelemetryWindows.writeAndAwaitClosed(bootstrap, TelemetryWindows.readings(-1), 0, TelemetryWindows.MID_WINDOW);
        assertThat(SampleEvents.count(bootstrap, "_windows.telemetry")).as("window state in the changelog").isPositive();
    }

    static double metric(String text, String name, String labels) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") && line.contains(labels)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private static JsonNode invalid(JsonNode base, String id, java.util.function.Consumer<ObjectNode> change) {
        ObjectNode ce = base.deepCopy();
        ce.put("id", id);
        change.accept((ObjectNode) ce.get("data"));
        return ce;
    }
}
