package dev.edgesync.core.offsets;

import dev.edgesync.protocol.Checkpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OffsetSyncIndexTest {

    private final OffsetSyncIndex index = new OffsetSyncIndex(100);

    private static Checkpoint cp(String stream, int partition, long edge, long core) {
        return new Checkpoint(stream, partition, edge, core, 1_700_000_000_000L + edge);
    }

    private OffsetSyncIndex.Found found(String site, String stream, int partition, long edge) {
        OffsetSyncIndex.Translation t = index.translate(site, stream, partition, edge);
        assertThat(t).as("translation of %d", edge).isInstanceOf(OffsetSyncIndex.Found.class);
        return (OffsetSyncIndex.Found) t;
    }

    private OffsetSyncIndex.Missing missing(String site, String stream, int partition, long edge) {
        OffsetSyncIndex.Translation t = index.translate(site, stream, partition, edge);
        assertThat(t).isInstanceOf(OffsetSyncIndex.NotFound.class);
        return ((OffsetSyncIndex.NotFound) t).what();
    }

    @Test
    void isExactAtCheckpointsAndTheLastCheckpointsCoreOffsetBetweenThem() {
        // Three uplink transactions of 10 records: each adds a commit marker at the centre.
        index.add("s-1", cp("sales", 0, 10, 11));
        index.add("s-1", cp("sales", 0, 20, 22));
        index.add("s-1", cp("sales", 0, 30, 33));

        OffsetSyncIndex.Found at20 = found("s-1", "sales", 0, 20);
        assertThat(at20.coreOffset()).isEqualTo(22);
        assertThat(at20.exact()).isTrue();
        assertThat(at20.syncPoint().edgeOffset()).isEqualTo(20);
        assertThat(at20.oldest().edgeOffset()).isEqualTo(10);
        assertThat(at20.latest().edgeOffset()).isEqualTo(30);

        OffsetSyncIndex.Found at25 = found("s-1", "sales", 0, 25);
        assertThat(at25.coreOffset()).isEqualTo(22);
        assertThat(at25.exact()).isFalse();
        assertThat(found("s-1", "sales", 0, 29).coreOffset()).isEqualTo(22);
        assertThat(found("s-1", "sales", 0, 10).coreOffset()).isEqualTo(11);
        // Past the latest checkpoint: not landed yet, so it will land at or above the latest core offset.
        OffsetSyncIndex.Found beyond = found("s-1", "sales", 0, 1_000);
        assertThat(beyond.coreOffset()).isEqualTo(33);
        assertThat(beyond.exact()).isFalse();
    }

    @Test
    void tellsWhatIsUnknown() {
        index.add("s-1", cp("sales", 0, 10, 11));
        assertThat(missing("s-2", "sales", 0, 10)).isEqualTo(OffsetSyncIndex.Missing.SITE);
        assertThat(missing("s-1", "stock", 0, 10)).isEqualTo(OffsetSyncIndex.Missing.STREAM);
        assertThat(missing("s-1", "sales", 1, 10)).isEqualTo(OffsetSyncIndex.Missing.PARTITION);
        assertThat(missing("s-1", "sales", 0, 9)).isEqualTo(OffsetSyncIndex.Missing.BELOW_OLDEST);
        assertThat(((OffsetSyncIndex.NotFound) index.translate("s-1", "sales", 0, 9)).message()).contains("oldest known sync point (10)");
    }

    @Test
    void keepsPartitionsStreamsAndSitesApart() {
        index.add("s-1", cp("sales", 0, 10, 100));
        index.add("s-1", cp("sales", 1, 10, 200));
        index.add("s-1", cp("stock", 0, 10, 300));
        index.add("s-2", cp("sales", 0, 10, 400));
        assertThat(found("s-1", "sales", 0, 10).coreOffset()).isEqualTo(100);
        assertThat(found("s-1", "sales", 1, 10).coreOffset()).isEqualTo(200);
        assertThat(found("s-1", "stock", 0, 10).coreOffset()).isEqualTo(300);
        assertThat(found("s-2", "sales", 0, 10).coreOffset()).isEqualTo(400);
    }

    @Test
    void aRepeatedCheckpointIsIdempotentAndARegressionStartsANewHistory() {
        index.add("s-1", cp("sales", 0, 10, 11));
        index.add("s-1", cp("sales", 0, 20, 22));
        index.add("s-1", cp("sales", 0, 20, 22));
        assertThat(index.size("s-1", "sales", 0)).isEqualTo(2);

        // The site was reset and synced again from a lower edge offset: later points no longer hold.
        index.add("s-1", cp("sales", 0, 15, 40));
        assertThat(index.size("s-1", "sales", 0)).isEqualTo(2);
        assertThat(found("s-1", "sales", 0, 25).coreOffset()).isEqualTo(40);
        assertThat(found("s-1", "sales", 0, 12).coreOffset()).isEqualTo(11);
    }

    @Test
    void isBoundedByDroppingTheOldestSyncPoints() {
        OffsetSyncIndex small = new OffsetSyncIndex(3);
        for (int i = 1; i <= 5; i++) {
            small.add("s-1", cp("sales", 0, i * 10L, i * 11L));
        }
        assertThat(small.size("s-1", "sales", 0)).isEqualTo(3);
        assertThat(small.translate("s-1", "sales", 0, 25)).isInstanceOf(OffsetSyncIndex.NotFound.class);
        OffsetSyncIndex.Found f = (OffsetSyncIndex.Found) small.translate("s-1", "sales", 0, 30);
        assertThat(f.coreOffset()).isEqualTo(33);
        assertThat(f.exact()).isTrue();
    }
}
