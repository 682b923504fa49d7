package dev.edgesync.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgesync.e2e.SampleEvents;
import dev.edgesync.edge.ingest.CloudEventParser;
import dev.edgesync.edge.ingest.KafkaBinding;
import dev.edgesync.protocol.TopicNames;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The retail sample turned into request bodies and Kafka records, prepared before any clock starts. */
final class Events {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One structured event: its stream, its JSON as posted, and the record the edge appends for it. */
    record Prepared(String stream, String id, byte[] json) {
        ProducerRecord<byte[], byte[]> record(String topic) {
            return KafkaBinding.toRecord(topic, CloudEventParser.parseStructured(json));
        }
    }

    /** A batch of events of one stream. */
    record Batch(String stream, List<Prepared> events, byte[] body) {
    }

    private final SampleEvents sample = SampleEvents.retail();

    List<Prepared> take(int n) {
        List<Prepared> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            SampleEvents.Event e = sample.next();
            try {
                out.add(new Prepared(e.stream(), e.id(), JSON.writeValueAsBytes(e.json())));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return out;
    }

    /** Groups events into batches of at most {@code size} events of one stream, in sample order per stream. */
    static List<Batch> batches(List<Prepared> events, int size) {
        Map<String, List<Prepared>> open = new LinkedHashMap<>();
        List<Batch> out = new ArrayList<>();
        for (Prepared p : events) {
            List<Prepared> b = open.computeIfAbsent(p.stream(), s -> new ArrayList<>());
            b.add(p);
            if (b.size() == size) {
                out.add(batch(p.stream(), b));
                open.remove(p.stream());
            }
        }
        open.forEach((s, b) -> out.add(batch(s, b)));
        return out;
    }

    private static Batch batch(String stream, List<Prepared> events) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(new String(events.get(i).json(), java.nio.charset.StandardCharsets.UTF_8));
        }
        sb.append(']');
        return new Batch(stream, List.copyOf(events), sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static String rawTopic(String stream) {
        return TopicNames.raw(stream);
    }
}
