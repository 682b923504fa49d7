package dev.edgesync.edge.pipeline;

import org.apache.kafka.common.header.Headers;

/**
 * One record of {@code raw.<stream>} as the ingest wrote it (CloudEvents Kafka binding, binary mode):
 * {@code ce_*} and {@code content-type} headers, the partition key as record key (may be null), the event
 * data as value.
 */
public record RawEvent(int partition, long offset, long timestampMs, byte[] key, byte[] value, Headers headers) {
}
