package dev.edgesync.core.heartbeat;

import dev.edgesync.protocol.GapRange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SiteGapsTest {

    @Test
    void anExtendedRangeReplacesWhatItCoversAndARepeatedOneIsKeptOnce() {
        SiteGaps g = new SiteGaps();
        g.add(List.of(new GapRange("s", 0, 10, 20, GapRange.DROPPED, 10)));
        g.add(List.of(new GapRange("s", 0, 10, 20, GapRange.DROPPED, 10), new GapRange("s", 1, 0, 3, GapRange.CORRUPT, 3)));
        g.add(List.of(new GapRange("s", 0, 5, 40, GapRange.DROPPED, 35)));
        assertThat(g.all()).containsExactly(new GapRange("s", 0, 5, 40, GapRange.DROPPED, 35),
                new GapRange("s", 1, 0, 3, GapRange.CORRUPT, 3));
    }

    @Test
    void keepsAtMostMaxRangesForgettingTheFirstHeard() {
        SiteGaps g = new SiteGaps();
        for (int i = 0; i < SiteGaps.MAX + 5; i++) {
            g.add(List.of(new GapRange("s", 0, i * 10L, i * 10L + 1, GapRange.EXPIRED, 1)));
        }
        assertThat(g.all()).hasSize(SiteGaps.MAX);
        assertThat(g.all().get(0).fromOffset()).isEqualTo(50);
    }
}
