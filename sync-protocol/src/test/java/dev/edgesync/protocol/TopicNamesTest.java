package dev.edgesync.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicNamesTest {

    @Test
    void namesFollowTheContract() {
        assertThat(TopicNames.raw("sales")).isEqualTo("raw.sales");
        assertThat(TopicNames.curated("sales")).isEqualTo("curated.sales");
        assertThat(TopicNames.landing("store-042", "sales")).isEqualTo("landing.store-042.sales");
        assertThat(TopicNames.checkpoints("store-042")).isEqualTo("landing.store-042._checkpoints");
        assertThat(TopicNames.analytics("eu-west", "sales")).isEqualTo("analytics.eu-west.sales");
    }

    @Test
    void siteInternalTopicsShareThePrefixButAreNotData() {
        String site = "store-042";
        assertThat(TopicNames.checkpoints(site)).startsWith(TopicNames.sitePrefix(site));
        assertThat(TopicNames.heartbeats(site)).startsWith(TopicNames.sitePrefix(site));
        assertThat(TopicNames.parseLanding(TopicNames.checkpoints(site))).isEmpty();
        assertThat(TopicNames.parseLanding(TopicNames.heartbeats(site))).isEmpty();
        assertThat(TopicNames.parseLanding("landing.store-042.sales"))
                .contains(new TopicNames.LandingTopic("store-042", "sales"));
        assertThat(TopicNames.parseLanding("landing.a.b.c")).isEmpty();
        assertThat(TopicNames.parseLanding("analytics.sales")).isEmpty();
    }

    @Test
    void rejectsNamesThatWouldBreakTheNamingScheme() {
        for (String bad : new String[] {"", "Sales", "a.b", "_x", "-x", "x y", "x".repeat(64)}) {
            assertThat(TopicNames.isValidId(bad)).as(bad).isFalse();
        }
        assertThat(TopicNames.isValidId(null)).isFalse();
        assertThatThrownBy(() -> TopicNames.raw("a.b")).hasMessageContaining("stream 'a.b'");
    }
}
