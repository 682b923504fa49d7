package dev.edgesync.edge.ingest;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One validated CloudEvent 1.0, as it will be written to Kafka (binary mode of the Kafka binding).
 *
 * @param attributes every context attribute and extension except {@code data} and
 *                   {@code datacontenttype}, as strings, by attribute name (always holds specversion,
 *                   id, source, type)
 * @param dataContentType the media type of {@code data}, if known
 * @param data the event data bytes, or null when the event has none
 */
public record CloudEvent(Map<String, String> attributes, Optional<String> dataContentType, byte[] data) {

    public static final String SPECVERSION = "specversion";
    public static final String ID = "id";
    public static final String SOURCE = "source";
    public static final String TYPE = "type";
    public static final String TIME = "time";
    public static final String SUBJECT = "subject";
    public static final String DATASCHEMA = "dataschema";
    public static final String DATACONTENTTYPE = "datacontenttype";
    /** Extension the Kafka binding maps to the record key. */
    public static final String PARTITIONKEY = "partitionkey";

    public CloudEvent {
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(dataContentType, "dataContentType");
        attributes = Collections.unmodifiableMap(new TreeMap<>(attributes));
    }

    public String id() {
        return attributes.get(ID);
    }

    public String source() {
        return attributes.get(SOURCE);
    }

    public String type() {
        return attributes.get(TYPE);
    }

    public Optional<String> partitionKey() {
        return Optional.ofNullable(attributes.get(PARTITIONKEY));
    }
}
