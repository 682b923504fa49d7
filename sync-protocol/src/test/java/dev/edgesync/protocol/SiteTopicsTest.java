package dev.edgesync.protocol;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SiteTopicsTest {

    @Test
    void aSiteHasItsDataTopicsAndTwoCompactedInternalOnesAllStampedByTheCentre() {
        assertThat(SiteTopics.of("s1", Map.of("sales", 3, "audit", 1))).containsExactly(
                new SiteTopics.Spec("landing.s1.audit", 1, Map.of("message.timestamp.type", "LogAppendTime")),
                new SiteTopics.Spec("landing.s1.sales", 3, Map.of("message.timestamp.type", "LogAppendTime")),
                new SiteTopics.Spec("landing.s1._checkpoints", 1, Map.of("cleanup.policy", "compact",
                        "message.timestamp.type", "LogAppendTime")),
                new SiteTopics.Spec("landing.s1._heartbeats", 1, Map.of("cleanup.policy", "compact",
                        "message.timestamp.type", "LogAppendTime")));
    }

    @Test
    void badNamesAndCountsAreRefused() {
        assertThatThrownBy(() -> SiteTopics.of("S1", Map.of("sales", 1))).hasMessageContaining("site 'S1'");
        assertThatThrownBy(() -> SiteTopics.of("s1", Map.of("sales", 0))).hasMessageContaining("at least 1 partition");
    }
}
