package dev.edgesync.e2e;

import dev.edgesync.protocol.SyncHeaders;
import dev.edgesync.protocol.TopicNames;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the centre's {@code analytics.<stream>} topics (read_committed) and compares them with what
 * the edge acknowledged: lost, duplicated and out-of-order events.
 */
public final class Checker implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Collection<String> topics;
    private final Map<String, Integer> copies = new HashMap<>();
    private final Map<String, Long> lastSeqByKey = new HashMap<>();
    private long reordered;
    private long records;
    /** Every event acknowledged before this index of the ledger has landed. */
    private int landedPrefix;

    public Checker(String coreBootstrap, Collection<String> streams) {
        this.topics = streams.stream().map(TopicNames::analytics).toList();
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, coreBootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Reads whatever has landed since the last call. */
    public void poll(Duration forAtMost) {
        assignNewPartitions();
        long deadline = System.nanoTime() + forAtMost.toNanos();
        do {
            if (consumer.assignment().isEmpty()) {
                return;
            }
            var batch = consumer.poll(Duration.ofMillis(200));
            for (ConsumerRecord<byte[], byte[]> r : batch) {
                observe(r);
            }
            if (batch.isEmpty()) {
                return;
            }
        } while (System.nanoTime() < deadline);
    }

    /** Polls until every acknowledged event has landed, or the timeout passes. */
    public Report awaitAll(Ledger ledger, Duration timeout) {
        Waits.until(timeout, Duration.ofMillis(500), () -> {
            poll(Duration.ofSeconds(2));
            return report(ledger).missing() == 0;
        });
        poll(Duration.ofSeconds(2));
        return report(ledger);
    }

    /**
     * True once every event the ledger acknowledged before {@code mark} ({@link Ledger#mark()}) has
     * landed; reads what is new first. Cheap to call repeatedly: it resumes where it stopped.
     */
    public boolean landedUpTo(Ledger ledger, int mark) {
        poll(Duration.ofMillis(500));
        while (landedPrefix < mark && copies.containsKey(ledger.ackedAt(landedPrefix))) {
            landedPrefix++;
        }
        return landedPrefix >= mark;
    }

    /** Polls until {@link #landedUpTo} holds; false if {@code timeout} passes first. */
    public boolean awaitLandedUpTo(Ledger ledger, int mark, Duration timeout) {
        return Waits.until(timeout, Duration.ofMillis(100), () -> landedUpTo(ledger, mark));
    }

    public long uniqueLanded() {
        return copies.size();
    }

    public Report report(Ledger ledger) {
        long missing = ledger.events().stream().filter(e -> !copies.containsKey(e.id())).count();
        long duplicated = copies.values().stream().mapToLong(c -> c - 1).sum();
        long unexpected = copies.keySet().stream().filter(id -> !ledger.contains(id)).count();
        return new Report(ledger.size(), copies.size(), records, missing, duplicated, reordered, unexpected);
    }

    private void observe(ConsumerRecord<byte[], byte[]> r) {
        records++;
        String id = header(r, SyncHeaders.CE_ID);
        if (id == null) {
            return;
        }
        int n = copies.merge(id, 1, Integer::sum);
        if (n > 1) {
            return; // a duplicate is counted once, as a duplicate, not again as reordering
        }
        String seq = header(r, SyncHeaders.CE_PREFIX + SampleEvents.SEQ_EXTENSION);
        if (seq != null) {
            String key = r.topic() + "/" + (r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8));
            long s = Long.parseLong(seq);
            Long last = lastSeqByKey.put(key, s);
            if (last != null && s < last) {
                reordered++;
            }
        }
    }

    private void assignNewPartitions() {
        Map<String, List<PartitionInfo>> existing;
        try {
            existing = consumer.listTopics(Duration.ofSeconds(2));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            return; // the centre is down (a fault round): keep what is assigned, try again next poll
        }
        Set<TopicPartition> wanted = new HashSet<>(consumer.assignment());
        for (String t : topics) {
            for (PartitionInfo p : existing.getOrDefault(t, List.of())) {
                wanted.add(new TopicPartition(t, p.partition()));
            }
        }
        if (!wanted.equals(consumer.assignment())) {
            List<TopicPartition> added = new ArrayList<>(wanted);
            added.removeAll(consumer.assignment());
            consumer.assign(wanted);
            consumer.seekToBeginning(added);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }

    /** The verdict: every acknowledged event exactly once, in order per key, means 0/0/0. */
    public record Report(long acknowledged, long landedUnique, long landedRecords, long missing, long duplicated,
                         long reordered, long unexpected) {
        public boolean exactlyOnceInOrder() {
            return missing == 0 && duplicated == 0 && reordered == 0;
        }

        @Override
        public String toString() {
            return String.format("acknowledged by edge %d | landed at centre %d (records %d) | missing %d | duplicated %d"
                    + " | out of order %d | not acknowledged but landed %d",
                    acknowledged, landedUnique, landedRecords, missing, duplicated, reordered, unexpected);
        }
    }
}
