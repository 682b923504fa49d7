package dev.edgesync.edge.ingest;

import dev.edgesync.edge.problem.ProblemException;

import dev.edgesync.protocol.TopicNames;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Supplier;

/**
 * Appends validated events to {@code raw.<stream>} exactly once per (source, id) within the dedup window.
 *
 * <p>Per request: pairs repeated inside the request are appended once; each remaining pair is taken
 * in the {@link InFlightGuard} (in key order) and looked up in the {@link IdempotencyIndex}; the new
 * ones are sent in request order; once the broker acked them all, they are indexed (one RocksDB batch)
 * and only then the guard is released and the caller answered. Sends and index writes of many
 * requests overlap; a rebuild of the index from the log ({@link RawLogIndexer}) takes an exclusive lock
 * that waits for every append in flight.
 *
 * <p>The caller waits at most its timeout: past it the request fails with 503 while the append goes
 * on and, if acked, is still indexed, so the client's retry is answered "duplicate".
 */
public final class EventIngestor implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EventIngestor.class);

    private final Producer<byte[], byte[]> producer;
    private final IdempotencyIndex index;
    private final RawLogIndexer rebuilder;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final Map<String, Integer> streams;
    private final int retryAfterSeconds;
    private final InFlightGuard guard = new InFlightGuard();
    private final StampedLock rebuildLock = new StampedLock();
    private final ExecutorService indexer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "edge-ingest-index");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param consumers makes a consumer of the local broker (byte[] key/value, no group) for rebuilds
     * @param streams declared streams, name to partition count
     */
    public EventIngestor(Producer<byte[], byte[]> producer, IdempotencyIndex index, RawLogIndexer rebuilder,
                         Supplier<Consumer<byte[], byte[]>> consumers, Map<String, Integer> streams,
                         int retryAfterSeconds) {
        this.producer = producer;
        this.index = index;
        this.rebuilder = rebuilder;
        this.consumers = consumers;
        this.streams = Map.copyOf(streams);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public boolean isDeclared(String stream) {
        return streams.containsKey(stream);
    }

    public Map<String, Integer> streams() {
        return streams;
    }

    /** Rebuilds the index from the raw log tail, waiting for appends in flight; see {@link RawLogIndexer}. */
    public RawLogIndexer.Stats rebuildIndex(Duration timeout) throws InterruptedException, TimeoutException {
        long stamp = rebuildLock.tryWriteLock(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (stamp == 0) {
            throw new TimeoutException("appends in flight did not finish within " + timeout);
        }
        try (Consumer<byte[], byte[]> consumer = consumers.get()) {
            return rebuilder.rebuild(consumer, consumers, streams, timeout);
        } finally {
            rebuildLock.unlockWrite(stamp);
        }
    }

    /**
     * Appends the events of one request, all or (on failure) only those reported as appended by a
     * later retry.
     *
     * @throws ProblemException 404 for an undeclared stream, 503 when the append was not acked in time
     */
    public IngestResult ingest(String stream, List<CloudEvent> events, Duration timeout) {
        if (!isDeclared(stream)) {
            throw ProblemException.unknownStream(stream, new java.util.TreeSet<>(streams.keySet()));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (index.isSuspect()) {
                recover(deadline);
            }
            long stamp = rebuildLock.tryReadLock(remaining(deadline), TimeUnit.NANOSECONDS);
            if (stamp == 0) {
                throw unavailable("the idempotency index is being rebuilt from the log");
            }
            CompletableFuture<IngestResult> done;
            try {
                done = appendNew(TopicNames.raw(stream), stream, events, deadline, stamp);
            } catch (RuntimeException | InterruptedException | TimeoutException e) {
                rebuildLock.unlockRead(stamp);
                throw e;
            }
            return done.get(remaining(deadline), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("the request was interrupted while appending");
        } catch (TimeoutException e) {
            throw unavailable("the local broker did not acknowledge the append within edge.ingest.append-timeout ("
                    + timeout + ")");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException ce && ce.getCause() != null
                    ? ce.getCause() : e.getCause();
            if (cause instanceof ProblemException pe) {
                throw pe;
            }
            if (cause instanceof RecordTooLargeException) {
                throw ProblemException.recordTooLarge(cause.getMessage());
            }
            LOG.warnf("Append to %s failed (%s); the client is told to retry", TopicNames.raw(stream), cause.toString());
            throw unavailable("the local broker refused the append: " + cause.getMessage());
        }
    }

    private void recover(long deadline) throws InterruptedException, TimeoutException {
        RawLogIndexer.Stats s = rebuildIndex(Duration.ofNanos(Math.max(1, remaining(deadline))));
        LOG.infof("Idempotency index caught up with the raw log after a failed append: %s", s);
    }

    /**
     * Takes the guards, sends the new events and returns the future answer; the chain that completes
     * it also indexes, releases the guards and the read {@code stamp}, whether the caller still waits.
     */
    private CompletableFuture<IngestResult> appendNew(String topic, String stream, List<CloudEvent> events,
                                                      long deadline, long stamp)
            throws InterruptedException, TimeoutException {
        int n = events.size();
        String[] status = new String[n];
        TreeMap<EventKey, Integer> firsts = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            if (firsts.putIfAbsent(EventKey.of(stream, events.get(i)), i) != null) {
                status[i] = IngestResult.DUPLICATE;
            }
        }
        Map<EventKey, CompletableFuture<Void>> held = new HashMap<>();
        try {
            for (Map.Entry<EventKey, Integer> e : firsts.entrySet()) {
                CompletableFuture<Void> g;
                try {
                    g = guard.acquire(e.getKey(), deadline);
                } catch (TimeoutException te) {
                    throw unavailable("an event of this request is being appended by another request: "
                            + e.getKey().source() + " / " + e.getKey().id());
                }
                if (index.contains(e.getKey())) {
                    guard.release(e.getKey(), g);
                    status[e.getValue()] = IngestResult.DUPLICATE;
                } else {
                    held.put(e.getKey(), g);
                }
            }
        } catch (RuntimeException | InterruptedException ex) {
            held.forEach(guard::release);
            throw ex;
        }
        List<Integer> sent = new ArrayList<>();
        List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (status[i] == null) {
                sent.add(i);
                acks.add(send(KafkaBinding.toRecord(topic, events.get(i))));
            }
        }
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                .handleAsync((ignored, failure) -> {
                    try {
                        return indexAndAnswer(stream, events, status, sent, acks, failure);
                    } finally {
                        held.forEach(guard::release);
                        rebuildLock.unlockRead(stamp);
                    }
                }, indexer);
    }

    private CompletableFuture<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        CompletableFuture<RecordMetadata> ack = new CompletableFuture<>();
        try {
            producer.send(record, (md, ex) -> {
                if (ex == null) {
                    index.acked(new TopicPartition(md.topic(), md.partition()), md.offset());
                    ack.complete(md);
                } else {
                    ack.completeExceptionally(ex);
                }
            });
        } catch (RuntimeException e) {
            ack.completeExceptionally(e);
        }
        return ack;
    }

    private IngestResult indexAndAnswer(String stream, List<CloudEvent> events, String[] status, List<Integer> sent,
                                        List<CompletableFuture<RecordMetadata>> acks, Throwable failure) {
        List<IdempotencyIndex.Appended> appended = new ArrayList<>();
        Throwable firstFailure = null;
        for (int k = 0; k < sent.size(); k++) {
            CompletableFuture<RecordMetadata> ack = acks.get(k);
            if (ack.isCompletedExceptionally()) {
                if (firstFailure == null) {
                    firstFailure = ack.handle((md, ex) -> ex).join();
                }
                continue;
            }
            RecordMetadata md = ack.join();
            int i = sent.get(k);
            status[i] = IngestResult.ACCEPTED;
            appended.add(new IdempotencyIndex.Appended(EventKey.of(stream, events.get(i)),
                    new TopicPartition(md.topic(), md.partition()), md.offset()));
        }
        if (firstFailure != null) {
            index.sendFailed();
        }
        if (!appended.isEmpty()) {
            try {
                index.indexAppended(appended);
            } catch (RuntimeException e) {
                // The records are durable; the index catches up from the log before the next append.
                index.sendFailed();
                LOG.errorf(e, "Could not index %d appended events of %s; the index will be rebuilt from the log",
                        appended.size(), stream);
            }
        }
        if (firstFailure != null) {
            throw new CompletionException(firstFailure);
        }
        List<IngestResult.EventResult> results = new ArrayList<>(events.size());
        int accepted = 0;
        for (int i = 0; i < events.size(); i++) {
            if (IngestResult.ACCEPTED.equals(status[i])) {
                accepted++;
            }
            results.add(new IngestResult.EventResult(i, events.get(i).id(), status[i]));
        }
        return new IngestResult(accepted, events.size() - accepted, results);
    }

    private ProblemException unavailable(String detail) {
        return ProblemException.unavailable(detail + "; retrying is safe: events already appended are answered"
                + " \"duplicate\"", retryAfterSeconds);
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    /** Stops indexing; the producer and consumers belong to the caller. */
    @Override
    public void close() {
        indexer.shutdown();
        try {
            if (!indexer.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Idempotency index writer did not finish within 10 s; the index is rebuilt from the log at next start");
                indexer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
