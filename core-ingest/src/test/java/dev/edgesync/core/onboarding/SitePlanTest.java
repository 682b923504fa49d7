package dev.edgesync.core.onboarding;

import dev.edgesync.core.sites.SiteDeclaration;
import dev.edgesync.protocol.SiteTopics;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SitePlanTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    @Test
    void aNewSiteGetsItsDataAndInternalTopicsWithDefaults() {
        SitePlan p = SitePlan.of(new OnboardingRequest("s1", null, null, Map.of("sales", 2, "stock", 0)), null, 3, NOW);
        assertThat(p.declaration()).isEqualTo(new SiteDeclaration("s1", "default", "default", Map.of("sales", 2, "stock", 3), NOW));
        assertThat(p.topics()).extracting(SiteTopics.Spec::name).containsExactly("landing.s1.sales", "landing.s1.stock",
                "landing.s1._checkpoints", "landing.s1._heartbeats");
    }

    @Test
    void aKnownSiteKeepsItsStreamsAndFirstOnboardingTime() {
        SiteDeclaration known = new SiteDeclaration("s1", "eu", "aws", Map.of("sales", 2), NOW.minusSeconds(60));
        SitePlan p = SitePlan.of(new OnboardingRequest("s1", "eu", "aws", Map.of("stock", 1)), known, 3, NOW);
        assertThat(p.declaration().streams()).isEqualTo(Map.of("sales", 2, "stock", 1));
        assertThat(p.declaration().onboardedAt()).isEqualTo(NOW.minusSeconds(60));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        SiteDeclaration known = new SiteDeclaration("s1", "eu", "aws", Map.of("sales", 2), NOW);
        assertThatThrownBy(() -> SitePlan.of(new OnboardingRequest("s1", "EU", "a.b", Map.of("sales", 3, "x_y", 1)),
                known, 3, NOW))
                .isInstanceOfSatisfying(InvalidOnboardingException.class, e -> {
                    assertThat(e.isConflict()).isFalse();
                    assertThat(e.problems()).hasSize(4).anyMatch(m -> m.startsWith("region"))
                            .anyMatch(m -> m.startsWith("cloud")).anyMatch(m -> m.contains("cannot change"))
                            .anyMatch(m -> m.contains("'x_y'"));
                });
        assertThatThrownBy(() -> SitePlan.of(null, null, 3, NOW)).isInstanceOf(InvalidOnboardingException.class);
        assertThatThrownBy(() -> SitePlan.of(new OnboardingRequest(null, null, null, Map.of()), null, 3, NOW))
                .hasMessageContaining("id: required").hasMessageContaining("at least one stream");
    }

    @Test
    void theEdgeSettingsNameTheSiteTheCentreAndEveryStream() {
        String props = EdgeConfigTemplate.render(new SiteDeclaration("s1", "eu", "aws", Map.of("b", 1, "a", 2), NOW), "c:9094",
                new EdgeConfigTemplate.Link(Map.of(), false, "/etc/edge-node/centre-link.secret"));
        assertThat(props).contains("edge.site.id=s1\n", "edge.site.region=eu\n", "edge.site.cloud=aws\n",
                "edge.core.bootstrap-servers=c:9094\n", "edge.core.create-topics=false\n");
        assertThat(props.indexOf("edge.streams.a.partitions=2")).isLessThan(props.indexOf("edge.streams.b.partitions=1"));
    }

    @Test
    void streamsPerSiteAndPartitionsPerStreamHaveLimitsNamedInTheRefusal() {
        SitePlan.Limits limits = new SitePlan.Limits(2, 8);
        assertThatThrownBy(() -> SitePlan.of(new OnboardingRequest("s1", null, null, Map.of("a", 9)), null, 3, limits, NOW))
                .isInstanceOfSatisfying(InvalidOnboardingException.class, e -> assertThat(e.problems()).containsExactly(
                        "streams.a: 9 partitions is outside 1..8 (core.onboarding.max-partitions-per-stream)"));
        // Counted over the site's onboardings: two known streams and a third asked for now.
        SiteDeclaration known = new SiteDeclaration("s1", "eu", "aws", Map.of("a", 2, "b", 2), NOW);
        assertThatThrownBy(() -> SitePlan.of(new OnboardingRequest("s1", "eu", "aws", Map.of("c", 1)), known, 3, limits, NOW))
                .isInstanceOfSatisfying(InvalidOnboardingException.class, e -> assertThat(e.problems()).containsExactly(
                        "streams: the site would have 3 streams, more than core.onboarding.max-streams-per-site=2"));
        assertThat(SitePlan.of(new OnboardingRequest("s1", "eu", "aws", Map.of("b", 2)), known, 3, limits, NOW)
                .declaration().streams()).containsOnlyKeys("a", "b");
    }
}
