package dev.edgesync.edge.pipeline.aggregate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Reads changelog partitions from the local broker with {@code read_committed}. Before reading, it waits until the
 * partition has no open transaction (last stable offset = high watermark): the markers of the stage's previous
 * transaction may be written just after its commit returned, and a restore must not stop short of them.
 */
public final class KafkaChangelogSource implements ChangelogSource, AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);
    private final String bootstrap;
    private final Duration timeout;
    private KafkaConsumer<byte[], byte[]> committed;
    private KafkaConsumer<byte[], byte[]> uncommitted;

    public KafkaChangelogSource(String bootstrap, Duration timeout) {
        this.bootstrap = bootstrap;
        this.timeout = timeout;
    }

    @Override
    public synchronized void readAll(String topic, int partition, BiConsumer<byte[], byte[]> visitor) {
        if (committed == null) {
            committed = consumer("read_committed");
            uncommitted = consumer("read_uncommitted");
        }
        TopicPartition tp = new TopicPartition(topic, partition);
        List<TopicPartition> tps = List.of(tp);
        long deadline = System.nanoTime() + timeout.toNanos();
        long end;
        while (true) {
            end = committed.endOffsets(tps, timeout).get(tp);
            long hw = uncommitted.endOffsets(tps, timeout).get(tp);
            if (end == hw) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("changelog " + tp + " still has an open transaction after " + timeout
                        + " (stable offset " + end + ", end " + hw + ")");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + tp, e);
            }
        }
        committed.assign(tps);
        committed.seekToBeginning(tps);
        while (committed.position(tp, timeout) < end) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read changelog " + tp + " to offset " + end + " within " + timeout);
            }
            for (ConsumerRecord<byte[], byte[]> r : committed.poll(POLL)) {
                if (r.offset() < end) {
                    visitor.accept(r.key(), r.value());
                }
            }
        }
        committed.assign(List.of());
    }

    private KafkaConsumer<byte[], byte[]> consumer(String isolation) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "edge-changelog-restore-" + isolation);
        return new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public synchronized void close() {
        if (committed != null) {
            committed.close(Duration.ofSeconds(2));
            uncommitted.close(Duration.ofSeconds(2));
            committed = null;
            uncommitted = null;
        }
    }
}
