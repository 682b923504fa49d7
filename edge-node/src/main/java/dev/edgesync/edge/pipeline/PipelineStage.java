package dev.edgesync.edge.pipeline;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.transactions.KafkaTransactions;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.time.Instant;

/**
 * The exactly-once stage {@code raw.* -> curated.*}: each polled batch is processed and written in one
 * Kafka transaction together with the consumer offsets of the batch; an aborted transaction rewinds the
 * consumer to the committed offsets, so the batch is processed again and nothing is lost or doubled.
 */
@ApplicationScoped
public class PipelineStage {

    static final String IN = "raw-in";
    static final String OUT = "curated-out";

    private static final Logger LOG = Logger.getLogger(PipelineStage.class);

    private final KafkaTransactions<byte[]> transactions;
    private final PipelineEngineProvider engines;

    public PipelineStage(@Channel(OUT) KafkaTransactions<byte[]> transactions, PipelineEngineProvider engines) {
        this.transactions = transactions;
        this.engines = engines;
    }

    @Incoming(IN)
    public Uni<Void> process(KafkaRecordBatch<byte[], byte[]> batch) {
        PipelineEngine.Batch run = engines.engine().begin();
        return transactions.withTransaction(batch, emitter -> {
            for (KafkaRecord<byte[], byte[]> r : batch) {
                String stream = StageRouting.streamOf(r.getTopic());
                // A copy: the processors may change headers without touching the consumed record.
                RawEvent in = new RawEvent(r.getPartition(), offsetOf(r),
                        r.getTimestamp() == null ? -1 : r.getTimestamp().toEpochMilli(), r.getKey(), r.getPayload(),
                        new RecordHeaders(r.getHeaders().toArray()));
                for (StageRouting.Target t : run.process(stream, in)) {
                    emitter.send(message(t, r.getTimestamp()));
                }
            }
            // Window state goes in the same transaction as the outputs and offsets it reflects.
            for (StageRouting.Target t : run.finish()) {
                emitter.send(message(t, null));
            }
            return Uni.createFrom().voidItem();
        // Not withTransactionAndAck: it turns an aborted transaction into a successful item (after a nack), and
        // window changes must reach RocksDB only after a commit.
        }).onItemOrFailure().transformToUni((ok, failure) -> {
            if (failure != null) {
                LOG.warnf("Pipeline batch of %d records aborted, it will be processed again: %s", batch.getRecords().size(),
                        failure.toString());
                run.aborted();
                return Uni.createFrom().completionStage(batch.nack(failure));
            }
            try {
                run.committed();
            } catch (RuntimeException e) {
                // Committed in Kafka but not applied locally: the window state is restored from the changelog.
                LOG.warnf("Applying a committed pipeline batch to the local window store failed (restoring from the changelog): %s",
                        e.toString());
                run.aborted();
            }
            return Uni.createFrom().completionStage(batch.ack());
        });
    }

    private static long offsetOf(KafkaRecord<?, ?> r) {
        return r.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getOffset).orElse(-1L);
    }

    private static Message<byte[]> message(StageRouting.Target t, Instant timestamp) {
        OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<byte[]> m = OutgoingKafkaRecordMetadata.<byte[]>builder()
                .withTopic(t.topic())
                .withPartition(t.partition())
                .withHeaders(t.headers());
        if (t.key() != null) {
            m.withKey(t.key());
        }
        if (timestamp != null) {
            m.withTimestamp(timestamp);
        }
        return Message.of(t.value(), Metadata.of(m.build()));
    }
}
