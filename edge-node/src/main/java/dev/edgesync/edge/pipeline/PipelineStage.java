package dev.edgesync.edge.pipeline;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.transactions.KafkaTransactions;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.internals.RecordHeaders;
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

    private final KafkaTransactions<byte[]> transactions;
    private final Processor processor;

    public PipelineStage(@Channel(OUT) KafkaTransactions<byte[]> transactions, Processor processor) {
        this.transactions = transactions;
        this.processor = processor;
    }

    @Incoming(IN)
    public Uni<Void> process(KafkaRecordBatch<byte[], byte[]> batch) {
        return transactions.withTransactionAndAck(batch, emitter -> {
            for (KafkaRecord<byte[], byte[]> r : batch) {
                String stream = StageRouting.streamOf(r.getTopic());
                // A copy: the processor may change headers without touching the consumed record.
                RawEvent in = new RawEvent(r.getPartition(), offsetOf(r),
                        r.getTimestamp() == null ? -1 : r.getTimestamp().toEpochMilli(), r.getKey(), r.getPayload(),
                        new RecordHeaders(r.getHeaders().toArray()));
                StageRouting.Target t = StageRouting.route(stream, in, processor.process(stream, in));
                emitter.send(message(t, r.getTimestamp()));
            }
            return Uni.createFrom().voidItem();
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
