package dev.edgesync.edge.admission;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.edgesync.edge.ingest.CloudEvent;
import dev.edgesync.edge.ingest.CloudEventParser;
import dev.edgesync.edge.ingest.KafkaBinding;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@link IngestCost#FACTOR} honest: the heap a parsed batch holds (its JSON tree, the events and their Kafka
 * records, all at once: more than the parser ever holds) plus the three copies of the body, per body byte, for
 * ordinary batches and for the shape made to cost the most, measured after full collections.
 */
class IngestCostTest {

    private static final int BODY = 1 << 20;
    private static final int COPIES = 3;
    private static final ObjectMapper TREES = new ObjectMapper().setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @Test
    void theFactorCoversTheCostliestShapeOfAValidBatch() throws Exception {
        double retail = perBodyByte(batch(i -> "{\"sku\":\"SKU-" + i + "\",\"delta\":48,\"note\":\"" + "x".repeat(700) + "\"}"));
        double numbers = perBodyByte(batch(i -> "[" + (i + ",").repeat(300) + "1]"));
        double emptyObjects = perBodyByte(batch(i -> "[" + "{},".repeat(330) + "{}]"));
        assertThat(emptyObjects + COPIES).as("arrays of empty objects (retail %.1fx, numbers %.1fx)", retail, numbers)
                .isLessThanOrEqualTo(IngestCost.FACTOR);
        assertThat(Math.max(retail, numbers) + COPIES).isLessThan(IngestCost.FACTOR / 2.0);
    }

    @Test
    void aRequestReservesItsBodyTimesTheFactorPlusAFixedPart() {
        assertThat(IngestCost.of(0)).isEqualTo(IngestCost.PER_REQUEST);
        assertThat(IngestCost.of(1 << 20)).isEqualTo(IngestCost.PER_REQUEST + (long) IngestCost.FACTOR * (1 << 20));
        assertThat(IngestCost.defaultBudget(256L << 20)).isEqualTo(64L << 20);
    }

    /** The least of two rounds, so garbage of the other round is not counted. */
    private static double perBodyByte(byte[] body) throws Exception {
        double least = Double.MAX_VALUE;
        for (int round = 0; round < 2; round++) {
            gc();
            least = Math.min(least, held(body, used()) / (double) body.length);
        }
        return least;
    }

    private static long held(byte[] body, long before) throws Exception {
        Object tree = TREES.readTree(body);
        List<CloudEvent> events = CloudEventParser.parseBatch(body, Integer.MAX_VALUE);
        List<Object> records = new ArrayList<>();
        for (CloudEvent e : events) {
            records.add(KafkaBinding.toRecord("raw.sales", e));
        }
        gc();
        long held = used() - before;
        assertThat(List.of(tree, events, records)).isNotEmpty();
        return held;
    }

    private static byte[] batch(java.util.function.IntFunction<String> data) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; b.length() < BODY - 4096; i++) {
            b.append(i == 0 ? "" : ",").append("{\"specversion\":\"1.0\",\"id\":\"id-").append(i)
                    .append("\",\"source\":\"/store-042/till/1\",\"type\":\"sale\",\"time\":\"2026-11-23T07:00:00Z\",")
                    .append("\"datacontenttype\":\"application/json\",\"data\":").append(data.apply(i)).append('}');
        }
        return b.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void gc() throws InterruptedException {
        System.gc();
        Thread.sleep(50);
        System.gc();
    }

    private static long used() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
