package dev.edgesync.runtime;

import dev.edgesync.runtime.ReconnectLoop.Failure;
import dev.edgesync.runtime.ReconnectLoop.Phase;
import dev.edgesync.runtime.ReconnectLoop.Verdict;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ReconnectLoopTest {

    /** Records what the loop reports. */
    static class Recorder implements ReconnectLoop.Listener {
        final List<Failure> failed = new CopyOnWriteArrayList<>();
        final List<Duration> waits = new CopyOnWriteArrayList<>();
        final List<Failure> gaveUp = new CopyOnWriteArrayList<>();
        final CountDownLatch ended = new CountDownLatch(1);

        @Override
        public void failed(Failure f, Duration retryIn) {
            failed.add(f);
            waits.add(retryIn);
        }

        @Override
        public void gaveUp(Failure f) {
            gaveUp.add(f);
        }

        @Override
        public void ended() {
            ended.countDown();
        }
    }

    @Test
    void backsOffLongerAfterEachFailureInARowUpToTheCapAndStartsOverOnceConnected() throws Exception {
        Recorder r = new Recorder();
        AtomicInteger n = new AtomicInteger();
        ReconnectLoop loop = new ReconnectLoop("t", new Backoff(Duration.ofMillis(1), Duration.ofMillis(4)),
                Failures::giveUpOnError, r, l -> {
                    int i = n.incrementAndGet();
                    if (i == 5) {
                        l.connected();
                    }
                    if (i == 7) {
                        l.stop();
                        return;
                    }
                    throw new IllegalStateException("down " + i);
                });
        loop.run();

        assertThat(r.waits).containsExactly(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(4),
                Duration.ofMillis(4), Duration.ofMillis(1), Duration.ofMillis(2));
        assertThat(r.failed).extracting(Failure::inARow).containsExactly(1, 2, 3, 4, 1, 2);
        assertThat(loop.attempts()).isEqualTo(7);
        assertThat(loop.connects()).isEqualTo(1);
        assertThat(loop.failures()).isEqualTo(6);
        assertThat(r.ended.getCount()).isZero();
    }

    @Test
    void tellsAFailureBeforeConnectingFromOneAfter() {
        Recorder r = new Recorder();
        AtomicInteger n = new AtomicInteger();
        ReconnectLoop loop = new ReconnectLoop("t", Backoff.fixed(Duration.ofMillis(1)), Failures::giveUpOnError, r, l -> {
            switch (n.incrementAndGet()) {
                case 1 -> throw new IllegalStateException("cannot connect");
                case 2 -> {
                    l.connected();
                    throw new IllegalStateException("lost the connection");
                }
                default -> l.stop();
            }
        });
        loop.run();

        assertThat(r.failed).extracting(Failure::phase).containsExactly(Phase.CONNECT, Phase.RUN);
        assertThat(r.failed).extracting(f -> f.error().getMessage()).containsExactly("cannot connect", "lost the connection");
        assertThat(loop.lastFailure()).map(Failure::phase).contains(Phase.RUN);
    }

    @Test
    void stopEndsABackOffAtOnce() throws Exception {
        Recorder r = new Recorder();
        CountDownLatch failedOnce = new CountDownLatch(1);
        ReconnectLoop loop = new ReconnectLoop("loop-under-test", Backoff.fixed(Duration.ofHours(1)),
                Failures::giveUpOnError, r, l -> {
                    failedOnce.countDown();
                    throw new IllegalStateException("down");
                }).start();
        assertThat(failedOnce.await(10, TimeUnit.SECONDS)).isTrue();

        loop.stop();

        // Far below the hour of back-off: the stop woke it.
        assertThat(loop.join(Duration.ofSeconds(10))).isTrue();
        assertThat(r.ended.getCount()).isZero();
        assertThat(loop.attempts()).isEqualTo(1);
    }

    @Test
    void stopWakesTheRunningSessionAndItsFailureIsNotReported() throws Exception {
        Recorder r = new Recorder();
        CountDownLatch inSession = new CountDownLatch(1);
        CountDownLatch wake = new CountDownLatch(1);
        List<String> cleanedUp = new CopyOnWriteArrayList<>();
        ReconnectLoop loop = new ReconnectLoop("t", Backoff.fixed(Duration.ofMillis(1)), Failures::kafkaSession, r, l -> {
            l.onWakeup(wake::countDown);
            l.afterAttempt(() -> cleanedUp.add("closed"));
            l.connected();
            inSession.countDown();
            wake.await();
            throw new WakeupException();
        }).start();
        assertThat(inSession.await(10, TimeUnit.SECONDS)).isTrue();

        loop.stop();

        assertThat(loop.join(Duration.ofSeconds(10))).isTrue();
        assertThat(r.failed).isEmpty();
        assertThat(cleanedUp).containsExactly("closed");
    }

    @Test
    void givingUpEndsTheLoopReportsTheFailureAndCleansUpAfterTheReport() {
        Recorder r = new Recorder();
        List<String> order = new CopyOnWriteArrayList<>();
        ReconnectLoop loop = new ReconnectLoop("t", Backoff.fixed(Duration.ofMillis(1)),
                e -> Failures.causedBy(e, ProducerFencedException.class) ? Verdict.GIVE_UP : Verdict.BACK_OFF,
                new Recorder() {
                    @Override
                    public void gaveUp(Failure f) {
                        order.add("reported");
                        r.gaveUp(f);
                    }
                }, l -> {
                    l.afterAttempt(() -> order.add("closed"));
                    l.connected();
                    throw new RuntimeException("commit failed", new ProducerFencedException("another one"));
                });
        loop.run();

        assertThat(loop.gaveUp()).isTrue();
        assertThat(loop.running()).isFalse();
        assertThat(loop.attempts()).isEqualTo(1);
        assertThat(r.gaveUp).singleElement().satisfies(f -> {
            assertThat(f.verdict()).isEqualTo(Verdict.GIVE_UP);
            assertThat(f.phase()).isEqualTo(Phase.RUN);
        });
        assertThat(order).containsExactly("reported", "closed");
    }

    @Test
    void anUnexpectedWakeupStartsANewSessionAtOnceAndAnErrorGivesUp() {
        Recorder r = new Recorder();
        AtomicInteger n = new AtomicInteger();
        ReconnectLoop loop = new ReconnectLoop("t", Backoff.fixed(Duration.ofHours(1)), Failures::kafkaSession, r, l -> {
            if (n.incrementAndGet() == 1) {
                throw new WakeupException();
            }
            throw new OutOfMemoryError("test");
        });
        loop.run();

        assertThat(r.waits).containsExactly(Duration.ZERO);
        assertThat(r.gaveUp).singleElement().satisfies(f -> assertThat(f.error()).isInstanceOf(OutOfMemoryError.class));
        assertThat(loop.attempts()).isEqualTo(2);
    }

    @Test
    void anInterruptDuringTheBackOffEndsTheLoop() throws Exception {
        Recorder r = new Recorder();
        CountDownLatch failedOnce = new CountDownLatch(1);
        ReconnectLoop loop = new ReconnectLoop("t", Backoff.fixed(Duration.ofHours(1)), Failures::giveUpOnError,
                new Recorder() {
                    @Override
                    public void failed(Failure f, Duration retryIn) {
                        failedOnce.countDown();
                    }

                    @Override
                    public void ended() {
                        r.ended();
                    }
                }, l -> {
                    throw new IllegalStateException("down");
                }).start();
        assertThat(failedOnce.await(10, TimeUnit.SECONDS)).isTrue();

        loop.interrupt();

        assertThat(r.ended.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(loop.running()).isFalse();
        assertThat(loop.attempts()).isEqualTo(1);
    }

    @Test
    void pauseEndsAtOnceOnStopAndAStopBeforeTheRunRunsNoSession() throws Exception {
        CountDownLatch pausing = new CountDownLatch(1);
        AtomicInteger pausedResult = new AtomicInteger(-1);
        ReconnectLoop loop = new ReconnectLoop("t", Backoff.fixed(Duration.ofMillis(1)), Failures::giveUpOnError,
                new ReconnectLoop.Listener() { }, l -> {
                    pausing.countDown();
                    pausedResult.set(l.pause(Duration.ofHours(1)) ? 1 : 0);
                }).start();
        assertThat(pausing.await(10, TimeUnit.SECONDS)).isTrue();
        loop.stop();
        assertThat(loop.join(Duration.ofSeconds(10))).isTrue();
        assertThat(pausedResult.get()).isZero();

        AtomicInteger sessions = new AtomicInteger();
        ReconnectLoop stopped = new ReconnectLoop("t", Backoff.fixed(Duration.ofMillis(1)), Failures::giveUpOnError,
                new ReconnectLoop.Listener() { }, l -> sessions.incrementAndGet());
        stopped.stop();
        stopped.run();
        assertThat(sessions.get()).isZero();
    }
}
