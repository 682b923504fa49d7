package dev.edgesync.edge.admission;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeapBudgetTest {

    @Test
    void grantsUpToTheCapacityAndRefusesBeyondIt() {
        HeapBudget b = new HeapBudget(100);
        var first = b.tryReserve(60);
        assertThat(first).isPresent();
        assertThat(b.tryReserve(41)).as("would pass the capacity").isEmpty();
        var second = b.tryReserve(40);
        assertThat(second).isPresent();
        assertThat(b.inUse()).isEqualTo(100);
        assertThat(b.tryReserve(1)).isEmpty();
        first.get().exchangeEnded();
        assertThat(b.inUse()).isEqualTo(40);
        assertThat(b.tryReserve(60)).isPresent();
    }

    @Test
    void aReservationLargerThanTheCapacityNeverFits() {
        assertThat(new HeapBudget(100).tryReserve(101)).isEmpty();
        assertThatThrownBy(() -> new HeapBudget(100).tryReserve(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HeapBudget(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theExchangeEndingTwiceGivesTheBytesBackOnce() {
        HeapBudget b = new HeapBudget(100);
        var r = b.tryReserve(30).orElseThrow();
        r.exchangeEnded();
        r.exchangeEnded();
        assertThat(b.inUse()).isZero();
        assertThat(b.reservations()).isZero();
        assertThat(r.released()).isTrue();
    }

    @Test
    void workThatJoinedHoldsTheBytesPastTheEndOfTheExchange() {
        HeapBudget b = new HeapBudget(100);
        var r = b.tryReserve(30).orElseThrow();
        assertThat(r.join()).isTrue();
        r.exchangeEnded();
        assertThat(b.inUse()).as("the body is still being parsed").isEqualTo(30);
        r.leave();
        assertThat(b.inUse()).isZero();
    }

    @Test
    void workCannotJoinAReservationWhoseExchangeIsOver() {
        HeapBudget b = new HeapBudget(100);
        var r = b.tryReserve(30).orElseThrow();
        r.exchangeEnded();
        assertThat(r.join()).isFalse();
        assertThat(b.inUse()).isZero();
    }

    @Test
    void leavingMoreOftenThanJoinedIsABug() {
        HeapBudget b = new HeapBudget(100);
        var r = b.tryReserve(30).orElseThrow();
        r.exchangeEnded();
        assertThatThrownBy(r::leave).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void underRacingThreadsTheBudgetIsNeverExceededAndEverythingComesBack() throws Exception {
        HeapBudget b = new HeapBudget(1_000);
        AtomicLong maxSeen = new AtomicLong();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> granted = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = t;
                granted.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    int n = 0;
                    for (int i = 0; i < 20_000; i++) {
                        var r = b.tryReserve(1 + random.nextInt(300));
                        maxSeen.accumulateAndGet(b.inUse(), Math::max);
                        if (r.isEmpty()) {
                            continue;
                        }
                        n++;
                        boolean joined = random.nextBoolean() && r.get().join();
                        // The exchange ending and the work leaving race in either order, the end maybe twice.
                        r.get().exchangeEnded();
                        if (random.nextBoolean()) {
                            r.get().exchangeEnded();
                        }
                        if (joined) {
                            r.get().leave();
                        }
                    }
                    return n;
                }));
            }
            int total = 0;
            for (Future<Integer> f : granted) {
                total += f.get();
            }
            assertThat(total).isPositive();
        } finally {
            pool.shutdownNow();
        }
        assertThat(maxSeen.get()).isLessThanOrEqualTo(1_000);
        assertThat(b.inUse()).isZero();
        assertThat(b.reservations()).isZero();
    }
}
