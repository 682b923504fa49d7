package dev.edgesync.edge.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Retail sample CloudEvents written to raw.<stream> as the ingest writes them, and read back from the local topics. */
final class SampleEvents {

    static final int PARTITIONS = 3;

    private SampleEvents() {
    }

    /** The partition the producer's default partitioner gives the event's partition key. */
    static int partition(JsonNode ce) {
        return Utils.toPositive(Utils.murmur2(ce.get("partitionkey").asText().getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    static void write(String bootstrap, String stream, List<JsonNode> events) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (JsonNode ce : events) {
                RecordHeaders h = new RecordHeaders();
                Iterator<Map.Entry<String, JsonNode>> it = ce.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getKey().equals("data") && !e.getKey().equals("datacontenttype")) {
                        h.add("ce_" + e.getKey(), utf8(e.getValue().asText()));
                    }
                }
                h.add("content-type", utf8("application/json"));
                JsonNode data = ce.get("data");
                byte[] value = data.isTextual() ? utf8(data.asText()) : utf8(data.toString());
                p.send(new ProducerRecord<>("raw." + stream, partition(ce), utf8(ce.get("partitionkey").asText()), value, h));
            }
            p.flush();
        }
    }

    /** Every committed record of a local topic, per partition, in order. */
    static Map<Integer, List<ConsumerRecord<byte[], byte[]>>> read(String bootstrap, String topic) {
        return RawEvents.readAll(bootstrap, topic);
    }

    static int count(String bootstrap, String topic) {
        return read(bootstrap, topic).values().stream().mapToInt(List::size).sum();
    }

    static List<ConsumerRecord<byte[], byte[]>> all(String bootstrap, String topic) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        read(bootstrap, topic).values().forEach(out::addAll);
        return out;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
