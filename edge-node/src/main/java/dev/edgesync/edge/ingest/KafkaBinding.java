package dev.edgesync.edge.ingest;

import dev.edgesync.protocol.SyncHeaders;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Maps a {@link CloudEvent} to a Kafka record in the binary mode of the CloudEvents Kafka binding:
 * {@code ce_<attribute>} headers (UTF-8) for every attribute and extension, {@code content-type} for
 * datacontenttype, the data bytes as value (empty when the event has no data) and the
 * {@code partitionkey} extension as key (null when absent, so the producer spreads such events).
 */
public final class KafkaBinding {

    private KafkaBinding() {
    }

    public static ProducerRecord<byte[], byte[]> toRecord(String topic, CloudEvent event) {
        RecordHeaders headers = new RecordHeaders();
        event.attributes().forEach((name, value) ->
                headers.add(SyncHeaders.CE_PREFIX + name, value.getBytes(StandardCharsets.UTF_8)));
        event.dataContentType().ifPresent(ct ->
                headers.add(SyncHeaders.CONTENT_TYPE, ct.getBytes(StandardCharsets.UTF_8)));
        byte[] key = event.partitionKey().map(k -> k.getBytes(StandardCharsets.UTF_8)).orElse(null);
        return new ProducerRecord<>(topic, null, key, event.data(), headers);
    }

    /** The (source, id) pair of a record written by {@link #toRecord}, if it has both headers. */
    public static Optional<EventKey> keyOf(String stream, Headers headers) {
        String source = lastString(headers, SyncHeaders.CE_SOURCE);
        String id = lastString(headers, SyncHeaders.CE_ID);
        return source == null || id == null ? Optional.empty() : Optional.of(new EventKey(stream, source, id));
    }

    private static String lastString(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
