package dev.edgesync.edge.ingest;

import dev.edgesync.edge.state.StateFamilies;
import dev.edgesync.edge.state.StateStore;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The mark invariant of {@link IdempotencyIndex}, on a real RocksDB. */
class IdempotencyIndexTest {

    private static final TopicPartition TP = new TopicPartition("raw.sales", 1);

    @TempDir
    Path dir;
    private StateStore store;
    private IdempotencyIndex index;

    @BeforeEach
    void open() {
        store = StateStore.open(dir, StateFamilies.all(Duration.ofDays(7)));
        index = new IdempotencyIndex(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static IdempotencyIndex.Appended at(long offset) {
        return new IdempotencyIndex.Appended(new EventKey("sales", "/till/1", "e" + offset), TP, offset);
    }

    @Test
    void markNeverPassesAnAckedOffsetThatIsNotIndexedYet() {
        index.acked(TP, 5);
        index.acked(TP, 6);
        index.acked(TP, 7);
        index.indexAppended(List.of(at(6)));
        assertThat(index.mark(TP)).hasValue(5);
        index.indexAppended(List.of(at(5)));
        assertThat(index.mark(TP)).hasValue(7);
        index.indexAppended(List.of(at(7)));
        assertThat(index.mark(TP)).hasValue(8);
        assertThat(index.contains(at(5).key())).isTrue();
        assertThat(index.contains(new EventKey("sales", "/till/1", "other"))).isFalse();
        assertThat(index.contains(new EventKey("stock", "/till/1", "e5"))).as("pairs are per stream").isFalse();
    }

    @Test
    void afterAFailedSendMarksStayUntilARebuild() {
        index.acked(TP, 0);
        index.indexAppended(List.of(at(0)));
        assertThat(index.mark(TP)).hasValue(1);
        index.sendFailed();
        index.acked(TP, 2);
        index.indexAppended(List.of(at(2)));
        assertThat(index.contains(at(2).key())).isTrue();
        assertThat(index.mark(TP)).as("offset 1 may hold the failed send's record").hasValue(1);
        assertThat(index.isSuspect()).isTrue();
        index.rebuilt();
        assertThat(index.isSuspect()).isFalse();
    }
}
