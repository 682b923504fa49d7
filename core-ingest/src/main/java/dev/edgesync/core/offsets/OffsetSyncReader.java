package dev.edgesync.core.offsets;

import dev.edgesync.protocol.Checkpoint;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Feeds an {@link OffsetSyncIndex} from every site's {@code landing.<site>._checkpoints} topic: reads
 * each from the beginning (read_committed: a checkpoint counts only once its transaction, and so
 * its records, committed), and looks for new sites' topics every {@code discoveryInterval}.
 *
 * <p>It uses no consumer group (partitions are assigned, nothing is committed), so every core-ingest
 * instance builds the whole index and any instance can answer; a restart rebuilds it from the topics.
 * Runs on one thread; {@link #stop()} may be called from any thread.
 */
public final class OffsetSyncReader implements Runnable {

    private static final Logger LOG = Logger.getLogger(OffsetSyncReader.class);
    /** A site's checkpoint topic; group 1 is the site. */
    public static final Pattern CHECKPOINTS = Pattern.compile("landing\\.([a-z0-9][a-z0-9-]{0,62})\\._checkpoints");

    private final Map<String, Object> clientProperties;
    private final OffsetSyncIndex index;
    private final Duration discoveryInterval;
    private final Duration retryBackoff;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private volatile boolean running = true;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    public OffsetSyncReader(Map<String, Object> clientProperties, OffsetSyncIndex index, Duration discoveryInterval,
                            Duration retryBackoff) {
        this.clientProperties = Map.copyOf(clientProperties);
        this.index = index;
        this.discoveryInterval = discoveryInterval;
        this.retryBackoff = retryBackoff;
    }

    @Override
    public void run() {
        while (running) {
            try {
                session();
            } catch (WakeupException | InterruptException e) {
                // stop() or interrupt: the loop condition decides.
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warnf(e, "Reading the sites' checkpoint topics failed: %s. Retrying in %s; offset translation"
                            + " answers from what was read so far", e.getMessage(), retryBackoff);
                    try {
                        stopped.await(retryBackoff.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        running = false;
                    }
                }
            }
        }
    }

    public void stop() {
        running = false;
        stopped.countDown();
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    /** Checkpoint records read so far (malformed ones included). */
    public long readCount() {
        return read.get();
    }

    public long malformedCount() {
        return malformed.get();
    }

    private void session() {
        Map<String, Object> p = new HashMap<>(clientProperties);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "core-ingest-offset-syncs");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            Set<TopicPartition> assigned = new HashSet<>();
            long nextDiscovery = 0;
            while (running) {
                if (System.nanoTime() - nextDiscovery >= 0) {
                    discover(c, assigned);
                    nextDiscovery = System.nanoTime() + discoveryInterval.toNanos();
                }
                if (assigned.isEmpty()) {
                    try {
                        stopped.await(Math.min(discoveryInterval.toMillis(), 500), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        running = false;
                    }
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    apply(r);
                }
            }
        } finally {
            consumer = null;
        }
    }

    private void discover(KafkaConsumer<byte[], byte[]> c, Set<TopicPartition> assigned) {
        Set<TopicPartition> found = new HashSet<>();
        for (Map.Entry<String, List<PartitionInfo>> t : c.listTopics(Duration.ofSeconds(30)).entrySet()) {
            if (CHECKPOINTS.matcher(t.getKey()).matches()) {
                t.getValue().forEach(pi -> found.add(new TopicPartition(pi.topic(), pi.partition())));
            }
        }
        found.removeAll(assigned);
        if (found.isEmpty()) {
            return;
        }
        assigned.addAll(found);
        c.assign(assigned);
        c.seekToBeginning(found);
        LOG.infof("Offset translation now reads %d checkpoint partitions (new: %s)", assigned.size(), found);
    }

    void apply(ConsumerRecord<byte[], byte[]> r) {
        read.incrementAndGet();
        Matcher m = CHECKPOINTS.matcher(r.topic());
        if (!m.matches() || r.value() == null) {
            return; // a tombstone removes nothing from the history: the index keeps what it has seen
        }
        try {
            index.add(m.group(1), Checkpoint.decode(r.key(), r.value()));
        } catch (IllegalArgumentException e) {
            malformed.incrementAndGet();
            LOG.warnf("Skipped a malformed checkpoint at %s-%d@%d: %s; offset translation ignores it",
                    r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }
}
