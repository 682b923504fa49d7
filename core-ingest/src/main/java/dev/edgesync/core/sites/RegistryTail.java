package dev.edgesync.core.sites;

import dev.edgesync.core.broker.CoreTopics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Follows {@value CoreTopics#SITES} from its beginning (read_committed, no consumer group) into a
 * {@link SiteRegistry}. {@link #catchUp} waits until everything written before the call is either read or
 * aborted: the relay calls it before it counts on a partition it was just given, so it continues the previous
 * owner's committed counts. Not thread-safe: one thread polls it.
 */
public final class RegistryTail implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RegistryTail.class);

    private final SiteRegistry registry;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Admin admin;
    private final AtomicLong malformed = new AtomicLong();
    private List<TopicPartition> partitions = List.of();

    public RegistryTail(Map<String, Object> clientProperties, SiteRegistry registry, String clientId) {
        this.registry = registry;
        Map<String, Object> p = new HashMap<>(clientProperties);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Map<String, Object> a = new HashMap<>(clientProperties);
        a.keySet().removeIf(k -> k.startsWith("isolation.") || k.startsWith("group."));
        a.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-admin");
        this.admin = Admin.create(a);
    }

    /** Reads what is there within {@code timeout} into the registry; a missing topic is waited for, not an error. */
    public void poll(Duration timeout) {
        if (partitions.isEmpty() && !assign(timeout)) {
            return;
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
            apply(r);
        }
    }

    /**
     * Returns once every record written to the registry topic before this call has been read or its transaction
     * aborted; throws {@link IllegalStateException} if that takes longer than {@code timeout}.
     */
    public void catchUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (partitions.isEmpty() && !assign(Duration.ofMillis(500))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + CoreTopics.SITES + " not found within " + timeout);
            }
        }
        // The log end, not the last stable offset: records of transactions still open now must be waited for too,
        // since one of them may hold the previous owner's last word on a partition.
        Map<TopicPartition, Long> end = logEnd(timeout);
        while (partitions.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + CoreTopics.SITES + " up to " + end + " within "
                        + timeout + "; is a transaction stuck open?");
            }
            poll(Duration.ofMillis(100));
        }
    }

    /** Records skipped because they could not be decoded. */
    public long malformedCount() {
        return malformed.get();
    }

    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }

    private boolean assign(Duration timeout) {
        var infos = consumer.partitionsFor(CoreTopics.SITES, timeout);
        if (infos == null || infos.isEmpty()) {
            return false;
        }
        partitions = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return true;
    }

    private Map<TopicPartition, Long> logEnd(Duration timeout) {
        Map<TopicPartition, OffsetSpec> request = partitions.stream()
                .collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest()));
        try {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> r = admin
                    .listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> out = new HashMap<>();
            r.forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not read the end of " + CoreTopics.SITES + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the end of " + CoreTopics.SITES, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out reading the end of " + CoreTopics.SITES + ": is the centre reachable?", e);
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return; // a tombstone: nothing writes them today, and forgetting progress would undercount
        }
        try {
            registry.apply(SiteCodec.decode(r.key(), r.value()), r.offset());
        } catch (IllegalArgumentException e) {
            malformed.incrementAndGet();
            LOG.warnf("Skipping unreadable record %s-%d@%d of %s: %s", r.topic(), r.partition(), r.offset(),
                    CoreTopics.SITES, e.getMessage());
        }
    }
}
