package dev.edgesync.edge.sync;

import dev.edgesync.edge.stream.StreamPartition;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The scheduler and the rate limiter driven together on a fake clock: a simulated uplink that sends each
 * round's allowances as indivisible records, over a link of fixed speed, compressing by a fixed ratio.
 */
class DrainSchedulerTest {

    private static final StreamPartition BULK0 = new StreamPartition("bulk", 0);
    private static final StreamPartition BULK1 = new StreamPartition("bulk", 1);
    private static final StreamPartition NORMAL0 = new StreamPartition("normal", 0);
    private static final StreamPartition CRIT0 = new StreamPartition("critical", 0);

    /** A fake uplink: per-partition queues of record sizes, a link speed, a compression ratio, a clock. */
    static final class Sim {
        long now;
        final DrainScheduler scheduler = new DrainScheduler();
        final ByteRateLimiter limiter;
        final Map<StreamPartition, Integer> weights = new HashMap<>();
        final Map<StreamPartition, Deque<long[]>> queues = new TreeMap<>();
        final Map<StreamPartition, Long> sentBytes = new HashMap<>();
        final Map<StreamPartition, Long> firstSentAt = new HashMap<>();
        final Map<Long, Long> deliveredAt = new HashMap<>();
        final double linkBytesPerSecond;
        final double ratio;
        long wireTotal;
        long seq;

        Sim(long cap, double linkBytesPerSecond, double ratio) {
            this.limiter = new ByteRateLimiter(cap, () -> now);
            this.linkBytesPerSecond = linkBytesPerSecond;
            this.ratio = ratio;
        }

        /** Enqueues n records of the given size; returns the id of the last one. */
        long add(StreamPartition sp, int weight, int n, long size) {
            weights.put(sp, weight);
            Deque<long[]> q = queues.computeIfAbsent(sp, k -> new ArrayDeque<>());
            for (int i = 0; i < n; i++) {
                q.add(new long[]{++seq, size});
            }
            return seq;
        }

        /** One round: wait for the limiter, send each allowance, charge both. */
        void round() {
            now += limiter.delayNanos();
            Map<StreamPartition, Integer> backlogged = new LinkedHashMap<>();
            queues.forEach((sp, q) -> {
                if (!q.isEmpty()) {
                    backlogged.put(sp, weights.get(sp));
                }
            });
            if (backlogged.isEmpty()) {
                return;
            }
            long roundBytes = DrainScheduler.roundBytes(limiter.rate(), ratio, backlogged.size(), 64 * 1024);
            long roundWire = 0;
            long estimate = (long) (roundBytes * ratio);
            limiter.record(estimate);
            for (Map.Entry<StreamPartition, Long> a : scheduler.nextRound(backlogged, roundBytes).entrySet()) {
                Deque<long[]> q = queues.get(a.getKey());
                long sent = 0;
                while (!q.isEmpty() && sent < a.getValue()) {
                    long[] r = q.poll();
                    sent += r[1];
                    deliveredAt.put(r[0], -1L);
                    pendingIds.add(r[0]);
                }
                scheduler.charge(a.getKey(), sent);
                sentBytes.merge(a.getKey(), sent, Long::sum);
                firstSentAt.putIfAbsent(a.getKey(), now);
                roundWire += (long) (sent * ratio) + 300;
            }
            // Link time plus a fixed commit latency: the round's own duration must count toward its debt.
            now += (long) (roundWire * 1e9 / linkBytesPerSecond) + 30_000_000L;
            for (Long id : pendingIds) {
                deliveredAt.put(id, now);
            }
            pendingIds.clear();
            wireTotal += roundWire;
            limiter.record(roundWire - estimate);
        }

        final java.util.List<Long> pendingIds = new java.util.ArrayList<>();

        void runUntil(long nanos) {
            while (now < nanos && queues.values().stream().anyMatch(q -> !q.isEmpty())) {
                round();
            }
        }
    }

    @Test
    void streamsWithBacklogShareByWeightWhateverTheirPartitionCount() {
        Sim sim = new Sim(0, 50e6, 0.3);
        sim.add(BULK0, 1, 1_000_000, 500);
        sim.add(BULK1, 1, 1_000_000, 500);
        sim.add(NORMAL0, 4, 1_000_000, 700);
        sim.add(CRIT0, 8, 1_000_000, 300);
        sim.runUntil(2_000_000_000L);
        double bulk = sim.sentBytes.get(BULK0) + sim.sentBytes.get(BULK1);
        double normal = sim.sentBytes.get(NORMAL0);
        double critical = sim.sentBytes.get(CRIT0);
        assertThat(normal / bulk).isCloseTo(4.0, within(0.05));
        assertThat(critical / bulk).isCloseTo(8.0, within(0.1));
        // Partitions of one stream split its share evenly.
        assertThat((double) sim.sentBytes.get(BULK0) / sim.sentBytes.get(BULK1)).isCloseTo(1.0, within(0.01));
    }

    @Test
    void aCriticalEventPostedDuringALargeBulkDrainLeavesInTheNextRound() {
        Sim sim = new Sim(0, 20e6, 0.3);
        sim.add(BULK0, 1, 200_000, 400);
        sim.add(BULK1, 1, 200_000, 400);
        sim.runUntil(500_000_000L);
        long postedAt = sim.now;
        long id = sim.add(CRIT0, 8, 1, 400);
        sim.round();
        assertThat(sim.deliveredAt.get(id)).as("critical delivered in the first round after it arrived").isPositive();
        assertThat(sim.deliveredAt.get(id) - postedAt).isLessThan(1_000_000_000L);
        assertThat(sim.queues.get(BULK0)).as("the bulk drain is far from done").hasSizeGreaterThan(100_000);
    }

    @Test
    void underACapCriticalStillLeavesWithinAboutASecond() {
        Sim sim = new Sim(100_000, 50e6, 0.3);
        sim.add(BULK0, 1, 500_000, 400);
        sim.runUntil(3_000_000_000L);
        long postedAt = sim.now;
        long id = sim.add(CRIT0, 8, 5, 400);
        sim.runUntil(postedAt + 2_000_000_000L);
        assertThat(sim.deliveredAt.get(id)).isPositive();
        assertThat(sim.deliveredAt.get(id) - postedAt).isLessThan(1_000_000_000L);
    }

    @Test
    void theCapHoldsOverAStableWindowAndTheLinkIsUsedUpToIt() {
        long cap = 200_000;
        Sim sim = new Sim(cap, 50e6, 0.25);
        sim.add(BULK0, 1, 2_000_000, 300);
        sim.add(NORMAL0, 4, 2_000_000, 300);
        sim.runUntil(2_000_000_000L);
        long wire0 = sim.wireTotal;
        long t0 = sim.now;
        sim.runUntil(t0 + 10_000_000_000L);
        double rate = (sim.wireTotal - wire0) / ((sim.now - t0) / 1e9);
        assertThat(rate).isCloseTo(cap, within(cap * 0.03));
    }

    @Test
    void aRateChangeAppliesToTheNextRound() {
        Sim sim = new Sim(50_000, 50e6, 0.5);
        sim.add(BULK0, 1, 2_000_000, 300);
        sim.runUntil(3_000_000_000L);
        sim.limiter.setRate(400_000);
        sim.round();
        long wire0 = sim.wireTotal;
        long t0 = sim.now;
        sim.runUntil(t0 + 5_000_000_000L);
        double rate = (sim.wireTotal - wire0) / ((sim.now - t0) / 1e9);
        assertThat(rate).isCloseTo(400_000, within(400_000 * 0.03));
        sim.limiter.setRate(0);
        assertThat(sim.limiter.delayNanos()).isZero();
    }

    @Test
    void anOverdraftIsRepaidAndAnIdlePartitionForgetsItsDeficit() {
        DrainScheduler s = new DrainScheduler();
        Map<StreamPartition, Long> a = s.nextRound(Map.of(BULK0, 1, NORMAL0, 1), 2_000);
        assertThat(a).containsEntry(BULK0, 1_000L).containsEntry(NORMAL0, 1_000L);
        s.charge(BULK0, 2_500);
        s.charge(NORMAL0, 1_000);
        // BULK0 owes 1500: the next round it is skipped (deficit -500), the one after it sends 500.
        assertThat(s.nextRound(Map.of(BULK0, 1, NORMAL0, 1), 2_000)).doesNotContainKey(BULK0).containsEntry(NORMAL0, 1_000L);
        assertThat(s.nextRound(Map.of(BULK0, 1, NORMAL0, 1), 2_000)).containsEntry(BULK0, 500L);
        s.nextRound(Map.of(NORMAL0, 1), 2_000);
        assertThat(s.deficit(BULK0)).isZero();
    }

    @Test
    void roundSizeFollowsTheCapAndTheCompression() {
        assertThat(DrainScheduler.roundBytes(0, 1, 4, 524_288)).isEqualTo(4L * 524_288);
        // 100 kB/s, 4:1 compression: a quarter second of cap is 25 kB of wire, 100 kB of records.
        assertThat(DrainScheduler.roundBytes(100_000, 0.25, 4, 524_288)).isEqualTo(100_000);
        assertThat(DrainScheduler.roundBytes(1_000, 1, 4, 524_288)).isEqualTo(DrainScheduler.MIN_ROUND_BYTES);
    }
}
