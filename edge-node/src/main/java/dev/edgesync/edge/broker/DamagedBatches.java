package dev.edgesync.edge.broker;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.CorruptRecordException;

import java.time.Duration;
import java.util.List;

/**
 * Recognises a local log batch that fails its checksum when read, and finds where readable data resumes after it.
 *
 * <p>A broker that stopped cleanly does not check its segments at start, so a damaged batch is served as it is and
 * only the consumer's CRC check sees it: kafka-clients 4.x throws a plain {@link KafkaException} ("Received exception
 * when fetching the next record from ...") caused by a {@link CorruptRecordException} ("Record batch for partition ...
 * at offset ... is invalid, cause: Record is corrupt ..."), and the consumer's position stays on that batch, so
 * every later poll fails the same way until the reader seeks past it (see {@code DamagedBatchesIT}).
 */
public final class DamagedBatches {

    private static final Duration POLL = Duration.ofMillis(100);

    private DamagedBatches() {
    }

    /** True if {@code e} (or a cause) is a consumer's report of a batch that fails its checksum or layout check. */
    public static boolean isCorrupt(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CorruptRecordException) {
                return true;
            }
            String m = t.getMessage();
            if (t instanceof KafkaException && m != null && (m.contains("Record is corrupt") || m.contains("is invalid, cause:"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * The first offset after {@code damagedAt} from which {@code tp} reads without a checksum error, at most
     * {@code end}: everything in [{@code damagedAt}, result) is unreadable. {@code probe} is a consumer of its own
     * (its assignment is replaced). Offsets are tried one, two, four... past {@code damagedAt} until one reads, then
     * halved back, so a batch of n records costs about 2·log2(n) fetches. A second damaged batch within the probed
     * stretch may make the range longer than the damage; it is still reported, never skipped silently.
     *
     * @param wait how long one offset may take to answer before it counts as readable (nothing to skip)
     */
    public static long readableFrom(Consumer<byte[], byte[]> probe, TopicPartition tp, long damagedAt, long end,
                                    Duration wait) {
        probe.assign(List.of(tp));
        long bad = damagedAt;
        long step = 1;
        long good = Math.min(end, damagedAt + 1);
        while (good < end && !readable(probe, tp, good, wait)) {
            bad = good;
            step *= 2;
            good = Math.min(end, damagedAt + step);
        }
        while (good - bad > 1) {
            long mid = bad + (good - bad) / 2;
            if (readable(probe, tp, mid, wait)) {
                good = mid;
            } else {
                bad = mid;
            }
        }
        return good;
    }

    /** A damaged range one reader skipped: offsets [{@code from}, {@code to}) of {@code partition}. */
    public record Skipped(TopicPartition partition, long from, long to) {
    }

    /**
     * After {@code reader}'s poll failed on a damaged batch: finds each of {@code partitions} whose read fails at the
     * reader's position (with {@code probe}, a consumer of its own), and seeks the reader past the damage. Returns
     * what was skipped; empty if no partition fails any more (the caller should then treat the failure as any
     * other).
     */
    public static List<Skipped> skipDamaged(Consumer<byte[], byte[]> reader, java.util.Collection<TopicPartition> partitions,
                                            Consumer<byte[], byte[]> probe, Duration wait) {
        java.util.Map<TopicPartition, Long> ends = reader.endOffsets(partitions, wait);
        List<Skipped> skipped = new java.util.ArrayList<>();
        for (TopicPartition tp : partitions) {
            long position = reader.position(tp, wait);
            long end = ends.getOrDefault(tp, 0L);
            if (position >= end) {
                continue;
            }
            probe.assign(List.of(tp));
            if (readable(probe, tp, position, wait)) {
                continue;
            }
            long next = readableFrom(probe, tp, position, end, wait);
            reader.seek(tp, next);
            skipped.add(new Skipped(tp, position, next));
        }
        return skipped;
    }

    /** True if reading {@code tp} from {@code offset} does not fail its checksum; {@code probe} is assigned {@code tp}. */
    public static boolean readable(Consumer<byte[], byte[]> probe, TopicPartition tp, long offset, Duration wait) {
        probe.seek(tp, offset);
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                ConsumerRecords<byte[], byte[]> r = probe.poll(POLL);
                if (!r.isEmpty() || probe.position(tp) > offset) {
                    return true;
                }
            } catch (KafkaException e) {
                if (isCorrupt(e)) {
                    return false;
                }
                throw e;
            }
        }
        return true;
    }
}
