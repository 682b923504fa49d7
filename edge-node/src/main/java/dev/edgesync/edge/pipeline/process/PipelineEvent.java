package dev.edgesync.edge.pipeline.process;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeParseException;

/**
 * One event as the processors of a stream see it: record key and headers (CloudEvents binary mode) and the data,
 * parsed to a JSON object on first use and serialised again only if a processor changed it, so an event that
 * passes unchanged keeps its exact bytes.
 */
public final class PipelineEvent {

    static final ObjectMapper JSON = new ObjectMapper();

    private final int partition;
    private final long timestampMs;
    private final byte[] key;
    private final Headers headers;
    private byte[] value;
    private ObjectNode data;
    private boolean changed;

    public PipelineEvent(int partition, long timestampMs, byte[] key, byte[] value, Headers headers) {
        this.partition = partition;
        this.timestampMs = timestampMs;
        this.key = key;
        this.value = value;
        this.headers = headers;
    }

    public int partition() {
        return partition;
    }

    public byte[] key() {
        return key;
    }

    public Headers headers() {
        return headers;
    }

    /** The value as it is now (serialised again if the data changed). */
    public byte[] value() {
        if (changed) {
            try {
                value = JSON.writeValueAsBytes(data);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot serialise event data", e);
            }
            changed = false;
        }
        return value;
    }

    /**
     * The data as a JSON object, parsed once.
     *
     * @throws NotJsonException when the value is not a JSON object
     */
    public ObjectNode data() {
        if (data == null) {
            if (value == null || value.length == 0) {
                throw new NotJsonException("event has no data");
            }
            JsonNode n;
            try {
                n = JSON.readTree(value);
            } catch (IOException e) {
                throw new NotJsonException("event data is not JSON: " + firstLine(e.getMessage()));
            }
            if (!(n instanceof ObjectNode o)) {
                throw new NotJsonException("event data is not a JSON object");
            }
            data = o;
        }
        return data;
    }

    /** The data, for a processor that changes it in place. */
    public ObjectNode mutableData() {
        ObjectNode d = data();
        changed = true;
        return d;
    }

    /** A header as UTF-8 text, or null. */
    public String header(String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Event time: the {@code ce_time} attribute, else the record timestamp. */
    public long eventTimeMs() {
        String t = header("ce_time");
        if (t != null) {
            try {
                return EventTimes.parseMillis(t);
            } catch (DateTimeParseException e) {
                // not RFC 3339: fall back to the record's timestamp
            }
        }
        return timestampMs;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The event's data cannot be read as a JSON object. */
    public static final class NotJsonException extends RuntimeException {
        public NotJsonException(String message) {
            super(message, null, false, false);
        }
    }
}
