package dev.edgesync.edge.buffer;

import dev.edgesync.edge.broker.DamagedBatches;
import dev.edgesync.edge.stream.RecordSize;
import dev.edgesync.edge.stream.StreamPartition;
import dev.edgesync.runtime.Backoff;
import dev.edgesync.runtime.ReconnectLoop;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Reads every curated partition (read_committed, from the log start, then following the tail) into one
 * {@link RecordRuns} per partition: the exact record counts behind backlog and drop figures. A local read of
 * what the uplink reads anyway; it costs one extra pass over the data.
 */
public final class CuratedIndex implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CuratedIndex.class);

    private final Map<TopicPartition, StreamPartition> partitions = new HashMap<>();
    private final Map<StreamPartition, RecordRuns> runs = new HashMap<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    /** One session, never retried: a failure leaves the figures to offsets (see {@link #gaveUp}). */
    private final ReconnectLoop loop = new ReconnectLoop("edge-curated-index", Backoff.fixed(Duration.ZERO),
            e -> ReconnectLoop.Verdict.GIVE_UP, new ReconnectLoop.Listener() {
                @Override
                public void gaveUp(ReconnectLoop.Failure f) {
                    LOG.errorf(f.error(), "The curated index stopped: backlog figures fall back to offsets until restart");
                }

                @Override
                public void ended() {
                    consumer.close(Duration.ZERO);
                }
            }, l -> follow());
    private boolean started;
    private final Map<String, Object> probeConfig;

    private final RecordAges ages;

    public CuratedIndex(String bootstrap, Collection<StreamPartition> all) {
        this(bootstrap, all, RecordAges.system());
    }

    /** {@code ages}: told after each read where every partition was read from, so it can see wall clock steps. */
    public CuratedIndex(String bootstrap, Collection<StreamPartition> all, RecordAges ages) {
        this.ages = ages;
        all.forEach(sp -> {
            partitions.put(sp.curated(), sp);
            runs.put(sp, new RecordRuns());
        });
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "edge-curated-index");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        probeConfig = new HashMap<>(c);
        probeConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "edge-curated-index-probe");
    }

    public synchronized CuratedIndex start() {
        consumer.assign(partitions.keySet());
        consumer.seekToBeginning(partitions.keySet());
        started = true;
        loop.start();
        return this;
    }

    private void follow() {
        loop.onWakeup(consumer::wakeup);
        loop.connected();
        Map<StreamPartition, Long> readFrom = new HashMap<>();
        partitions.values().forEach(sp -> readFrom.put(sp, 0L));
        while (loop.running()) {
            ConsumerRecords<byte[], byte[]> records;
            try {
                records = consumer.poll(Duration.ofMillis(500));
            } catch (KafkaException e) {
                if (!DamagedBatches.isCorrupt(e) || !skipDamaged()) {
                    throw e;
                }
                continue;
            }
            // Before this read's records: after a wall clock step they belong to the new frame.
            ages.observe(readFrom);
            Map<TopicPartition, Long> positions = new HashMap<>();
            for (TopicPartition tp : partitions.keySet()) {
                positions.put(tp, consumer.position(tp));
            }
            synchronized (this) {
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    RecordRuns rr = runs.get(partitions.get(new TopicPartition(r.topic(), r.partition())));
                    if (r.offset() >= rr.indexedEnd()) {
                        rr.add(r.offset(), RecordSize.of(r), r.timestamp());
                    }
                }
                positions.forEach((tp, pos) -> runs.get(partitions.get(tp)).advanceTo(pos));
            }
            positions.forEach((tp, pos) -> readFrom.put(partitions.get(tp), pos));
        }
    }

    /**
     * Moves past damaged batches (the uplink records them as gaps): their offsets hold no record this index counts,
     * as none of them will ever be shipped. False if no partition fails any more.
     */
    private boolean skipDamaged() {
        try (KafkaConsumer<byte[], byte[]> probe = new KafkaConsumer<>(probeConfig, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<DamagedBatches.Skipped> skipped = DamagedBatches.skipDamaged(consumer, partitions.keySet(), probe,
                    Duration.ofSeconds(5));
            skipped.forEach(d -> LOG.warnf("Curated index: skipped damaged offsets [%d, %d) of %s", d.from(), d.to(),
                    d.partition()));
            return !skipped.isEmpty();
        }
    }

    /** Runs a query over one partition's runs under the index lock. */
    public synchronized <T> T query(StreamPartition sp, Function<RecordRuns, T> q) {
        return q.apply(runs.get(sp));
    }

    /** Runs {@code work} under the index lock, with {@code runs} readable inside it (the planner's reads). */
    public synchronized <T> T locked(java.util.function.Supplier<T> work) {
        return work.get();
    }

    /** The runs of one partition: read them only inside {@link #locked} or {@link #query}. */
    RecordRuns runs(StreamPartition sp) {
        return runs.get(sp);
    }

    /** Where the index has read up to (exclusive), or empty before its first read. */
    public synchronized OptionalLong indexedEnd(StreamPartition sp) {
        long end = runs.get(sp).indexedEnd();
        return end < 0 ? OptionalLong.empty() : OptionalLong.of(end);
    }

    /** Forgets what lies below the log starts (freed or evicted). */
    public synchronized void prune(Map<StreamPartition, Long> logStarts) {
        logStarts.forEach((sp, start) -> {
            RecordRuns r = runs.get(sp);
            if (r != null) {
                r.pruneBelow(start);
            }
        });
        ages.prune(logStarts);
    }

    @Override
    public void close() {
        boolean running;
        synchronized (this) {
            running = started;
        }
        if (!running) {
            consumer.close(Duration.ZERO);
            return;
        }
        // Wakes the poll; the loop closes the consumer as it ends.
        loop.stop();
        try {
            loop.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
