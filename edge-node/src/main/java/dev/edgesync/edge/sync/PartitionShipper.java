package dev.edgesync.edge.sync;

import dev.edgesync.edge.stream.StreamPartition;

import dev.edgesync.protocol.Checkpoint;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ships one curated partition to its landing partition with one transactional producer: each transaction
 * holds a batch of records and the partition's checkpoint, whose core offset comes from the send results.
 *
 * <p>Not thread-safe: one thread at a time (each round, one of the uplink's round threads sends and commits;
 * the executor's hand-offs order the rounds). A failed shipper is not reused: the session closes
 * it and a new one (new producer, {@code initTransactions}) is made on reconnect.
 */
final class PartitionShipper implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PartitionShipper.class);

    private final StreamPartition sp;
    private final Producer<byte[], byte[]> producer;
    private final LandedRecords shape;
    private final long timeoutMs;
    private Future<RecordMetadata> last;
    private boolean inTransaction;
    private long openedAtNanos;
    /** Next offset of the landing partition, for a checkpoint of a transaction that lands no record. */
    private long nextCoreOffset;
    private Metric outgoingBytes;
    private java.util.Optional<java.util.UUID> logId = java.util.Optional.empty();

    PartitionShipper(StreamPartition sp, Producer<byte[], byte[]> producer, LandedRecords shape, Duration timeout) {
        this.sp = sp;
        this.producer = producer;
        this.shape = shape;
        this.timeoutMs = timeout.toMillis();
    }

    /** Fences older producers of this identity and completes (commit or abort) any transaction they left. */
    void init() {
        producer.initTransactions();
    }

    /** The id of the local curated topic: every checkpoint names the log its edge offsets belong to. */
    void localLog(java.util.UUID id) {
        this.logId = java.util.Optional.of(id);
    }

    /** Where the landing partition ends at (re)connect: our transactions are the only writers. */
    void landingEnd(long nextCore) {
        this.nextCoreOffset = nextCore;
    }

    /**
     * Bytes this producer put on the wire so far (its network layer's {@code outgoing-byte-total}: compressed
     * batches, request framing, transaction and metadata requests): what the bandwidth cap is about.
     */
    long wireBytes() {
        if (outgoingBytes == null) {
            for (Map.Entry<MetricName, ? extends Metric> e : producer.metrics().entrySet()) {
                if (e.getKey().name().equals("outgoing-byte-total") && e.getKey().group().equals("producer-metrics")) {
                    outgoingBytes = e.getValue();
                }
            }
            if (outgoingBytes == null) {
                return 0;
            }
        }
        Object v = outgoingBytes.metricValue();
        return v instanceof Number n ? n.longValue() : 0;
    }

    /** Opens a transaction and sends the batch (possibly empty: a checkpoint-only transaction), without waiting. */
    void begin(List<ConsumerRecord<byte[], byte[]>> batch) {
        producer.beginTransaction();
        inTransaction = true;
        openedAtNanos = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            last = producer.send(shape.landing(sp.stream(), r));
        }
    }

    /**
     * Waits for the batch, adds the checkpoint and commits; returns the committed checkpoint.
     *
     * @param nextEdgeOffset where shipping continues: every curated record below it is in this transaction or before
     */
    Checkpoint commit(long nextEdgeOffset, TakeoverDetector takeovers) throws InterruptedException, ExecutionException, TimeoutException {
        if (last != null) {
            // The round has appended all it will: waiting out linger.ms would only delay the commit.
            producer.flush();
            nextCoreOffset = last.get(timeoutMs, TimeUnit.MILLISECONDS).offset() + 1;
        }
        Checkpoint c = new Checkpoint(sp.stream(), sp.partition(), nextEdgeOffset, nextCoreOffset, System.currentTimeMillis(), logId);
        takeovers.attempting(sp, c);
        producer.send(shape.checkpoint(c));
        producer.commitTransaction();
        inTransaction = false;
        last = null;
        return c;
    }

    /** How long the current transaction has been open; zero if none is. */
    Duration openFor() {
        return inTransaction ? Duration.ofNanos(System.nanoTime() - openedAtNanos) : Duration.ZERO;
    }

    StreamPartition partition() {
        return sp;
    }

    /**
     * Best effort: the transaction timeout or the next {@code initTransactions} aborts it otherwise.
     * Returns false if the abort failed (typically: the centre is unreachable).
     */
    boolean abortQuietly() {
        if (!inTransaction) {
            return true;
        }
        inTransaction = false;
        try {
            producer.abortTransaction();
            return true;
        } catch (RuntimeException e) {
            LOG.debugf("Could not abort the open transaction of %s (the centre aborts it later): %s", sp, e.toString());
            return false;
        }
    }

    /** Closes the producer; with a zero timeout nothing is flushed and an open transaction is left to the centre. */
    void close(Duration timeout) {
        try {
            producer.close(timeout);
        } catch (RuntimeException e) {
            LOG.debugf("Error closing the producer of %s: %s", sp, e.toString());
        }
    }

    @Override
    public void close() {
        close(Duration.ZERO);
    }
}
