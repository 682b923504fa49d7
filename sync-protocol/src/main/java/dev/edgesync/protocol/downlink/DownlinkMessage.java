package dev.edgesync.protocol.downlink;

import dev.edgesync.protocol.ProtocolVersion;
import dev.edgesync.protocol.SyncHeaders;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * One message of a control topic ({@link ControlTopics}), a CloudEvent in Kafka binary mode: {@code ce_id} is the message id,
 * {@code ce_type} {@code dev.edgesync.downlink.<kind>}, {@code ce_source} {@value #SOURCE}, {@code ce_time} when
 * the centre accepted it; {@code content-type} {@code application/json} with the payload ({@link ReferenceChange}
 * or {@link ConfigChange}) as the value; {@code edge_protocol} the protocol version; the router headers say who it
 * is for ({@link Addressing}).
 *
 * <p>Invariants: every header above is present on a message that decodes; a message of a newer protocol version
 * fails with {@link UnsupportedVersionException} (the reader must not skip it: messages apply in order).
 */
public record DownlinkMessage(DownlinkKind kind, String id, Addressing to, Instant time, byte[] payload) {

    public static final String SOURCE = "urn:edgesync:core:downlink";
    public static final String CONTENT_TYPE = "application/json";

    public DownlinkMessage {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(payload, "payload");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a downlink message needs an id");
        }
    }

    /** The record headers that carry everything but the payload. */
    public Headers headers() {
        RecordHeaders h = new RecordHeaders();
        put(h, SyncHeaders.CE_SPECVERSION, "1.0");
        put(h, SyncHeaders.CE_ID, id);
        put(h, SyncHeaders.CE_SOURCE, SOURCE);
        put(h, SyncHeaders.CE_TYPE, kind.ceType());
        put(h, SyncHeaders.CE_TIME, time.toString());
        put(h, SyncHeaders.CONTENT_TYPE, CONTENT_TYPE);
        put(h, SyncHeaders.PROTOCOL_VERSION, String.valueOf(ProtocolVersion.CURRENT));
        put(h, SyncHeaders.ROUTE_SITE, to.site());
        put(h, SyncHeaders.ROUTE_REGION, to.region());
        put(h, SyncHeaders.ROUTE_CLOUD, to.cloud());
        return h;
    }

    /**
     * Decodes a record of {@code topic}; throws {@link UnsupportedVersionException} for a newer protocol and
     * {@link IllegalArgumentException} for anything else malformed (missing header, kind or target not of the topic,
     * ...).
     */
    public static DownlinkMessage decode(String topic, Headers headers, byte[] value) {
        String version = require(headers, SyncHeaders.PROTOCOL_VERSION);
        int v;
        try {
            v = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("downlink message with protocol version '" + version + "'");
        }
        if (!ProtocolVersion.isSupported(v)) {
            throw new UnsupportedVersionException(v);
        }
        DownlinkKind kind = ControlTopics.parse(topic).map(ControlTopics.Address::kind)
                .orElseThrow(() -> new IllegalArgumentException(topic + " is not a downlink topic of a known kind"));
        String type = require(headers, SyncHeaders.CE_TYPE);
        if (!kind.ceType().equals(type)) {
            throw new IllegalArgumentException("downlink message of type " + type + " in " + topic);
        }
        if (value == null) {
            throw new IllegalArgumentException("downlink message without a payload");
        }
        Instant time;
        try {
            time = Instant.parse(require(headers, SyncHeaders.CE_TIME));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("downlink message with a bad ce_time", e);
        }
        Addressing to = new Addressing(require(headers, SyncHeaders.ROUTE_SITE),
                require(headers, SyncHeaders.ROUTE_REGION), require(headers, SyncHeaders.ROUTE_CLOUD));
        // A message outside its address's topic may have been read by sites it does not address: never apply it.
        String expected = ControlTopics.of(kind, to);
        if (!expected.equals(topic)) {
            throw new IllegalArgumentException("downlink message for " + to + " in " + topic + "; it belongs in " + expected);
        }
        return new DownlinkMessage(kind, require(headers, SyncHeaders.CE_ID), to, time, value);
    }

    private static String require(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        if (h == null || h.value() == null) {
            throw new IllegalArgumentException("downlink message without header " + name);
        }
        return new String(h.value(), StandardCharsets.UTF_8);
    }

    private static void put(Headers h, String name, String value) {
        h.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A message written with a protocol version this reader does not know: upgrade the reader, never skip it. */
    public static final class UnsupportedVersionException extends IllegalArgumentException {
        public UnsupportedVersionException(int version) {
            super("downlink message of protocol version " + version + "; this reader supports up to "
                    + ProtocolVersion.CURRENT + ": upgrade it");
        }
    }
}
