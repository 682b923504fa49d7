package dev.edgesync.edge.ingest;

import dev.edgesync.edge.broker.DamagedBatches;
import dev.edgesync.protocol.TopicNames;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Brings the {@link IdempotencyIndex} up to the end of every raw partition by reading the log from
 * each partition's mark (or its beginning) and indexing every (ce_source, ce_id) found: what makes
 * a crash between the broker's ack and the index write harmless.
 *
 * <p>Records older than the dedup window (by record timestamp) are skipped: they would expire at once.
 * Must run while nothing appends to raw (at startup, or under the ingest's exclusive lock).
 */
public final class RawLogIndexer {

    private static final Logger LOG = Logger.getLogger(RawLogIndexer.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final IdempotencyIndex index;
    private final Duration dedupWindow;
    private final Clock clock;

    public RawLogIndexer(IdempotencyIndex index, Duration dedupWindow, Clock clock) {
        this.index = index;
        this.dedupWindow = dedupWindow;
        this.clock = clock;
    }

    /** What a rebuild did. */
    public record Stats(int partitions, long recordsRead, long pairsIndexed) {
    }

    /**
     * Reads the raw partitions of {@code streams} (name to partition count) with {@code consumer}
     * (byte[] key and value, no group) until their end offsets as of the start of the call.
     *
     * @throws IllegalStateException if the log could not be read to its end within {@code timeout}
     */
    public Stats rebuild(Consumer<byte[], byte[]> consumer, Map<String, Integer> streams, Duration timeout) {
        return rebuild(consumer, null, streams, timeout);
    }

    /**
     * As {@link #rebuild(Consumer, Map, Duration)}; with {@code probes} (consumers of their own) a damaged batch of
     * raw is skipped with a warning instead of failing the rebuild (and so the start): its events are not indexed.
     */
    public Stats rebuild(Consumer<byte[], byte[]> consumer, java.util.function.Supplier<Consumer<byte[], byte[]>> probes,
                         Map<String, Integer> streams, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, String> streamOf = new HashMap<>();
        streams.forEach((stream, n) -> {
            for (int p = 0; p < n; p++) {
                streamOf.put(new TopicPartition(TopicNames.raw(stream), p), stream);
            }
        });
        List<TopicPartition> all = new ArrayList<>(streamOf.keySet());
        // Assigned before the offset look-ups, so the consumer keeps what it learns of them.
        consumer.assign(all);
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(all, timeout);
        Map<TopicPartition, Long> end = consumer.endOffsets(all, timeout);
        Map<TopicPartition, Long> starts = new HashMap<>();
        List<TopicPartition> toRead = new ArrayList<>();
        for (TopicPartition tp : all) {
            long start = Math.max(index.mark(tp).orElse(0L), begin.get(tp));
            if (start < end.get(tp)) {
                toRead.add(tp);
            }
            starts.put(tp, start);
        }
        long cutoff = clock.millis() - dedupWindow.toMillis();
        long read = 0;
        long indexed = 0;
        List<TopicPartition> idleNow = new ArrayList<>(all);
        idleNow.removeAll(toRead);
        consumer.pause(idleNow);
        for (TopicPartition tp : toRead) {
            consumer.seek(tp, starts.get(tp));
        }
        List<TopicPartition> remaining = new ArrayList<>(toRead);
        while (!remaining.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read raw partitions " + remaining
                        + " to their end within " + timeout + " to rebuild the idempotency index");
            }
            ConsumerRecords<byte[], byte[]> records;
            try {
                records = consumer.poll(POLL);
            } catch (org.apache.kafka.common.KafkaException e) {
                if (probes == null || !DamagedBatches.isCorrupt(e)) {
                    throw e;
                }
                List<DamagedBatches.Skipped> skipped;
                try (Consumer<byte[], byte[]> probe = probes.get()) {
                    skipped = DamagedBatches.skipDamaged(consumer, remaining, probe, Duration.ofSeconds(5));
                }
                if (skipped.isEmpty()) {
                    throw e;
                }
                skipped.forEach(d -> LOG.errorf("Damaged raw log: offsets [%d, %d) of %s fail their checksum; their events"
                        + " are not indexed for deduplication", d.from(), d.to(), d.partition()));
                continue;
            }
            List<IdempotencyIndex.Appended> found = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                if (r.offset() >= end.get(tp)) {
                    continue;
                }
                read++;
                if (r.timestamp() < cutoff) {
                    continue;
                }
                Optional<EventKey> key = KafkaBinding.keyOf(streamOf.get(tp), r.headers());
                if (key.isPresent()) {
                    found.add(new IdempotencyIndex.Appended(key.get(), tp, r.offset()));
                } else {
                    LOG.warnf("Record %s-%d@%d has no ce_source/ce_id headers: it is not indexed for deduplication",
                            r.topic(), r.partition(), r.offset());
                }
            }
            Map<TopicPartition, Long> moved = new HashMap<>();
            for (TopicPartition tp : List.copyOf(remaining)) {
                long position = Math.min(consumer.position(tp), end.get(tp));
                moved.put(tp, position);
                if (position >= end.get(tp)) {
                    remaining.remove(tp);
                }
            }
            index.indexRebuilt(found, moved);
            indexed += found.size();
        }
        consumer.assign(List.of());
        // Partitions with nothing to read still get a mark, so the next rebuild starts there.
        Map<TopicPartition, Long> idle = new HashMap<>();
        for (TopicPartition tp : all) {
            if (!toRead.contains(tp) && index.mark(tp).orElse(-1L) < end.get(tp)) {
                idle.put(tp, end.get(tp));
            }
        }
        if (!idle.isEmpty()) {
            index.indexRebuilt(List.of(), idle);
        }
        index.rebuilt();
        return new Stats(all.size(), read, indexed);
    }
}
