package dev.edgesync.edge.buffer;

import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Test helpers: post batches of events over REST, read the ce_ids of a one-partition topic. */
final class Logs {

    private Logs() {
    }

    /** A batch of {@code n} structured CloudEvents with ids {@code prefix-<from..from+n)} and ~{@code size} bytes of data each. */
    static String batch(String prefix, int from, int n, int size) {
        StringBuilder sb = new StringBuilder("[");
        String pad = UUID.randomUUID().toString().repeat(Math.max(1, size / 36));
        for (int i = from; i < from + n; i++) {
            if (i > from) {
                sb.append(',');
            }
            sb.append("{\"specversion\":\"1.0\",\"id\":\"").append(prefix).append('-').append(i)
                    .append("\",\"source\":\"/test\",\"type\":\"t\",\"datacontenttype\":\"application/json\",\"data\":{\"i\":")
                    .append(i).append(",\"pad\":\"").append(pad).append(i).append("\"}}");
        }
        return sb.append(']').toString();
    }

    static Response post(String stream, String body) {
        return given().contentType("application/cloudevents-batch+json").body(body)
                .when().post("/v1/streams/" + stream + "/events");
    }

    /** The ce_id of every committed record of partition 0 of {@code topic}, in log order, and its log start. */
    record Read(long logStart, List<String> ids) {
    }

    static Read read(String bootstrap, String topic) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long start = consumer.beginningOffsets(List.of(tp)).get(tp);
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(tp) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    var h = r.headers().lastHeader("ce_id");
                    ids.add(h == null ? null : new String(h.value(), StandardCharsets.UTF_8));
                });
            }
            return new Read(start, ids);
        }
    }
}
