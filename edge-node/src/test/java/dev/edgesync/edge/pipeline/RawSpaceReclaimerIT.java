package dev.edgesync.edge.pipeline;

import dev.edgesync.edge.broker.LocalTopics;
import dev.edgesync.edge.ingest.EventKey;
import dev.edgesync.edge.ingest.IdempotencyIndex;
import dev.edgesync.edge.state.IdempotencyMarks;
import dev.edgesync.edge.state.StateFamilies;
import dev.edgesync.edge.state.StateStore;
import dev.edgesync.kafka.EmbeddedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Raw space is reclaimed below the pipeline's committed offset only as far as the idempotency index's marks go
 * (issue #16: after a power cut lost the index's unsynced tail, the index is rebuilt from raw, so raw must still
 * hold everything above the last synced mark, or a retried event would be appended twice).
 */
class RawSpaceReclaimerIT {

    private static EmbeddedKafkaBroker broker;
    private static Admin admin;
    private static int topics;

    @TempDir
    Path dir;
    private StateStore store;
    private String group;
    private TopicPartition raw;

    @BeforeAll
    static void startBroker(@TempDir Path brokerDir) {
        broker = EmbeddedKafkaBroker.builder().dataDir(brokerDir).port(0).build().start();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    @AfterAll
    static void stopBroker() {
        admin.close(Duration.ofSeconds(5));
        broker.close();
    }

    /** Each test its own stream (ten raw records, all processed by the pipeline) and state store. */
    @BeforeEach
    void start() throws Exception {
        String stream = "sales" + (++topics);
        raw = new TopicPartition("raw." + stream, 0);
        group = "edge-pipeline-reclaim-" + stream;
        LocalTopics.ensure(admin, Map.of(stream, 1));
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            for (int i = 0; i < 10; i++) {
                p.send(new ProducerRecord<>(raw.topic(), 0, null, new byte[]{(byte) i})).get();
            }
        }
        admin.alterConsumerGroupOffsets(group, Map.of(raw, new OffsetAndMetadata(10))).all().get();
        store = StateStore.open(dir.resolve("state"), StateFamilies.all(Duration.ofDays(1)));
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @Test
    void reclaimsNoFurtherThanTheIndexMarkEvenWhenThePipelineIsAhead() throws Exception {
        IdempotencyIndex index = new IdempotencyIndex(store);
        indexUpTo(index, 4);
        RawSpaceReclaimer reclaimer = new RawSpaceReclaimer(admin, group, Duration.ofSeconds(10),
                partitions -> IdempotencyMarks.durable(store, partitions));

        assertThat(reclaimer.reclaim()).containsEntry(raw, 4L);
        assertThat(lowWatermark()).isEqualTo(4L);

        indexUpTo(index, 10);
        assertThat(reclaimer.reclaim()).containsEntry(raw, 10L);
        assertThat(lowWatermark()).isEqualTo(10L);
    }

    @Test
    void aPartitionWithoutAMarkIsNotReclaimed() throws Exception {
        RawSpaceReclaimer reclaimer = new RawSpaceReclaimer(admin, group, Duration.ofSeconds(10),
                partitions -> IdempotencyMarks.durable(store, partitions));

        assertThat(reclaimer.reclaim()).isEmpty();
        assertThat(lowWatermark()).isZero();
    }

    /** Indexes raw offsets up to {@code end} (exclusive) as the ingest does after the broker's acks. */
    private void indexUpTo(IdempotencyIndex index, int end) {
        List<IdempotencyIndex.Appended> appended = new ArrayList<>();
        for (int i = 0; i < end; i++) {
            index.acked(raw, i);
            appended.add(new IdempotencyIndex.Appended(new EventKey(raw.topic().substring(4), "till-1", "e" + i), raw, i));
        }
        index.indexAppended(appended);
    }

    private long lowWatermark() throws Exception {
        return admin.listOffsets(Map.of(raw, org.apache.kafka.clients.admin.OffsetSpec.earliest()))
                .partitionResult(raw).get().offset();
    }
}
