package dev.edgesync.edge.broker;

import dev.edgesync.kafka.EmbeddedKafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a real consumer reports when a batch of a real segment file is damaged on disk while the broker is stopped,
 * and that {@link DamagedBatches} finds exactly that batch's extent.
 */
class DamagedBatchesIT {

    static final String TOPIC = "damaged-batches";
    static final int BATCHES = 5;
    static final int PER_BATCH = 10;

    @Test
    void aFlippedByteFailsItsBatchOnlyAndTheProbeFindsItsExactExtent() throws Exception {
        Path dir = Files.createTempDirectory("damaged-batches-it-");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dir).build().start();
        try {
            try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                    broker.adminClientProperties())) {
                admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(TOPIC, 1, (short) 1))).all().get();
            }
            try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.LINGER_MS_CONFIG, 60_000), new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int b = 0; b < BATCHES; b++) {
                    for (int i = 0; i < PER_BATCH; i++) {
                        p.send(new ProducerRecord<>(TOPIC, 0, null, ("event-" + b + "-" + i + "-padding-padding").getBytes()));
                    }
                    p.flush(); // one batch per flush
                }
            }
            broker.close();
            SegmentDamage.Batch hit = SegmentDamage.flipInBatch(dir.resolve("kafka-logs").resolve(TOPIC + "-0"), 2);
            assertThat(hit.baseOffset()).isEqualTo(2L * PER_BATCH);
            assertThat(hit.nextOffset()).isEqualTo(3L * PER_BATCH);
            broker.start();

            TopicPartition tp = new TopicPartition(TOPIC, 0);
            try (KafkaConsumer<byte[], byte[]> c = consumer(broker); KafkaConsumer<byte[], byte[]> probe = consumer(broker)) {
                c.assign(List.of(tp));
                c.seekToBeginning(List.of(tp));
                List<Long> read = new ArrayList<>();
                KafkaException failure = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (failure == null && System.nanoTime() < deadline) {
                    try {
                        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                            read.add(r.offset());
                        }
                    } catch (KafkaException e) {
                        failure = e;
                    }
                }
                assertThat(failure).as("the damaged batch fails the read").isNotNull();
                assertThat(DamagedBatches.isCorrupt(failure)).isTrue();
                assertThat(failure.toString() + " / " + failure.getCause()).contains("is invalid, cause: Record is corrupt");
                assertThat(read).hasSize(2 * PER_BATCH).allMatch(o -> o < 2L * PER_BATCH);
                assertThat(c.position(tp)).isEqualTo(2L * PER_BATCH);
                // Polling again fails the same way: the consumer does not move past it on its own.
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.poll(Duration.ofSeconds(2)))
                        .satisfies(e -> assertThat(DamagedBatches.isCorrupt(e)).isTrue());

                long end = c.endOffsets(List.of(tp)).get(tp);
                assertThat(DamagedBatches.readableFrom(probe, tp, c.position(tp), end, Duration.ofSeconds(5)))
                        .isEqualTo(3L * PER_BATCH);
                assertThat(DamagedBatches.readable(probe, tp, 2L * PER_BATCH + 5, Duration.ofSeconds(5))).isFalse();

                c.seek(tp, 3L * PER_BATCH);
                List<Long> rest = new ArrayList<>();
                long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (rest.size() < (BATCHES - 3) * PER_BATCH && System.nanoTime() < until) {
                    c.poll(Duration.ofMillis(200)).forEach(r -> rest.add(r.offset()));
                }
                assertThat(rest).hasSize((BATCHES - 3) * PER_BATCH).first().isEqualTo(3L * PER_BATCH);
            }
        } finally {
            broker.close();
            EmbeddedKafkaBroker.builder().dataDir(dir).deleteDataOnClose(true).build().close();
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(EmbeddedKafkaBroker broker) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
