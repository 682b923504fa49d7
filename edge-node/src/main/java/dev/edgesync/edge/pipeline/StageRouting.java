package dev.edgesync.edge.pipeline;

import dev.edgesync.protocol.TopicNames;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;

/**
 * Where the stage writes a processed record: the stream's curated topic (or its dlq for a rejection), always
 * in the partition the raw record came from, so per-key order holds from ingest to the centre.
 */
public final class StageRouting {

    /** Header on dlq records: why the processor rejected the event. Local to the edge. */
    public static final String REJECT_REASON = "edge_reject_reason";
    private static final String RAW_PREFIX = "raw.";

    private StageRouting() {
    }

    /** The stream of a raw topic; throws for any other topic (the subscription pattern must not match it). */
    public static String streamOf(String rawTopic) {
        if (rawTopic == null || !rawTopic.startsWith(RAW_PREFIX)) {
            throw new IllegalArgumentException("not a raw topic: " + rawTopic);
        }
        return TopicNames.requireId(rawTopic.substring(RAW_PREFIX.length()), "stream");
    }

    /** One record to write, with an explicit partition. */
    public record Target(String topic, int partition, byte[] key, byte[] value, Headers headers) {
    }

    public static Target route(String stream, RawEvent in, Outcome outcome) {
        if (outcome instanceof Outcome.Forward f) {
            return new Target(TopicNames.curated(stream), in.partition(), f.key(), f.value(), f.headers());
        }
        Outcome.Reject r = (Outcome.Reject) outcome;
        Headers h = new RecordHeaders(in.headers().toArray());
        h.add(REJECT_REASON, r.reason().getBytes(StandardCharsets.UTF_8));
        return new Target(TopicNames.dlq(stream), in.partition(), in.key(), in.value(), h);
    }
}
