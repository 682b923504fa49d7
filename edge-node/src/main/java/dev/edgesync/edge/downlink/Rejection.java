package dev.edgesync.edge.downlink;

import java.time.Instant;

/**
 * One rejected downlink message, as status shows the last one.
 *
 * @param id     its {@code ce_id}, or {@code ?} when it had none that could be read
 * @param detail the reason in words, naming what was wrong
 */
public record Rejection(String id, String kind, String topic, int partition, long offset, RejectReason reason,
                        String detail, Instant at) {
}
