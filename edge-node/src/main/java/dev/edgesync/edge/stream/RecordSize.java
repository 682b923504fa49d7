package dev.edgesync.edge.stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** The size of a record as the scheduler, backlog and quota count it: key + value + header names and values. */
public final class RecordSize {

    private RecordSize() {
    }

    public static long of(ConsumerRecord<byte[], byte[]> r) {
        long n = Math.max(0, r.serializedKeySize()) + Math.max(0, r.serializedValueSize());
        for (Header h : r.headers()) {
            n += h.key().length() + (h.value() == null ? 0 : h.value().length);
        }
        return n;
    }
}
