package dev.edgesync.edge.buffer;

import dev.edgesync.edge.state.StateFamilies;
import dev.edgesync.edge.state.StateStore;
import dev.edgesync.edge.state.SyncCursors;
import dev.edgesync.edge.stream.StreamPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class BacklogTest {

    private static final StreamPartition SP = new StreamPartition("sales", 0);

    @TempDir
    Path dir;
    private StateStore store;
    private CuratedIndex index;
    private SyncCursors cursors;
    private Backlog backlog;

    @BeforeEach
    void setUp() {
        store = StateStore.open(dir, StateFamilies.all(java.time.Duration.ofHours(1)));
        cursors = new SyncCursors(store, List.of(SP));
        index = new CuratedIndex("localhost:1", List.of(SP));
        backlog = new Backlog(index, cursors);
    }

    @AfterEach
    void tearDown() {
        index.close();
        store.close();
    }

    @Test
    void unknownProgressCountsEverythingStillOnTheBox() {
        assertThat(Backlog.offsets(Backlog.unsentFrom(100, OptionalLong.empty(), 0), 250)).isEqualTo(150);
    }

    @Test
    void shippedPositionAboveTheLogStartCountsFromThere() {
        assertThat(Backlog.offsets(Backlog.unsentFrom(100, OptionalLong.of(200), 0), 250)).isEqualTo(50);
    }

    @Test
    void shippedBelowTheLogStartNeverCountsFreedRecords() {
        assertThat(Backlog.offsets(Backlog.unsentFrom(100, OptionalLong.of(40), 0), 250)).isEqualTo(150);
    }

    @Test
    void fullyShippedIsZeroAndNeverNegative() {
        assertThat(Backlog.offsets(Backlog.unsentFrom(0, OptionalLong.of(250), 0), 250)).isZero();
        assertThat(Backlog.offsets(Backlog.unsentFrom(300, OptionalLong.of(260), 0), 250)).isZero();
    }

    @Test
    void aRememberedCursorCountsWhileTheUplinkHasNotSaidAnything() {
        assertThat(Backlog.unsentFrom(100, OptionalLong.empty(), 180)).isEqualTo(180);
        assertThat(Backlog.unsentFrom(100, OptionalLong.of(220), 180)).isEqualTo(220);
        assertThat(Backlog.unsentFrom(100, OptionalLong.of(150), 180)).as("never behind what the centre committed")
                .isEqualTo(180);
    }

    @Test
    void countsRecordsNotOffsetsOnceTheIndexHasReadThatFar() {
        // Records 0..9, a commit marker at 10, records 11..20, a marker at 21.
        index.query(SP, r -> {
            for (long o = 0; o < 21; o++) {
                if (o != 10) {
                    r.add(o, 100, 1_000 + o);
                }
            }
            r.advanceTo(22);
            return null;
        });
        assertThat(backlog.partition(SP, 0, 22)).isEqualTo(new Backlog.Partition(20, true));
        cursors.remember(SP, 11);
        assertThat(backlog.partition(SP, 0, 22)).isEqualTo(new Backlog.Partition(10, true));
        Backlog.Unsent u = backlog.unsent(SP, 0);
        assertThat(u.events()).isEqualTo(10);
        assertThat(u.bytes()).isEqualTo(1_000);
        assertThat(u.oldestTimestampMs()).hasValue(1_011);
    }

    @Test
    void whatTheUplinkShippedCountsAsSentAndOffsetsStandInBeyondTheIndex() {
        index.query(SP, r -> {
            for (long o = 0; o < 10; o++) {
                r.add(o, 100, 1_000 + o);
            }
            r.advanceTo(10);
            return null;
        });
        backlog.shipping(new Shipping() {
            @Override
            public long committed(StreamPartition sp) {
                return 4;
            }

            @Override
            public OptionalLong shipped(StreamPartition sp) {
                return OptionalLong.of(6);
            }

            @Override
            public double bytesPerSecond() {
                return 0;
            }
        });
        assertThat(backlog.partition(SP, 0, 10)).isEqualTo(new Backlog.Partition(4, true));
        assertThat(backlog.partition(SP, 0, 30)).as("index behind the end: offsets, not exact")
                .isEqualTo(new Backlog.Partition(24, false));
    }

    @Test
    void drainEtaIsZeroWithoutBacklogAndUnknownWithoutSending() {
        assertThat(Backlog.drainEtaSeconds(0, 0)).isZero();
        assertThat(Backlog.drainEtaSeconds(1_000, 0)).isEqualTo(-1);
        assertThat(Backlog.drainEtaSeconds(1_000, 300)).isEqualTo(4);
    }

    @Test
    void cursorsSurviveARestartAndNeverMoveBack() {
        cursors.remember(SP, 50);
        cursors.remember(SP, 40);
        cursors.remember(SP, -1);
        assertThat(new SyncCursors(store, List.of(SP)).committed(SP)).isEqualTo(50);
        assertThat(new SyncCursors(store, List.of(new StreamPartition("other", 0))).committed(new StreamPartition("other", 0)))
                .isZero();
    }
}
