package dev.edgesync.protocol.downlink;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControlTopicsTest {

    private static final String ANY = Addressing.ANY;

    @Test
    void theMostSpecificPartOfTheTargetChoosesTheTopic() {
        DownlinkKind r = DownlinkKind.REFERENCE;
        assertThat(ControlTopics.of(r, Addressing.everyone())).isEqualTo("control.reference");
        assertThat(ControlTopics.of(DownlinkKind.CONFIG, Addressing.everyone())).isEqualTo("control.config");
        assertThat(ControlTopics.of(r, Addressing.site("store-1"))).isEqualTo("control.site.store-1.reference");
        assertThat(ControlTopics.of(r, new Addressing("store-1", "eu", "aws"))).isEqualTo("control.site.store-1.reference");
        assertThat(ControlTopics.of(r, Addressing.region("eu"))).isEqualTo("control.region.eu.reference");
        assertThat(ControlTopics.of(r, Addressing.cloud("aws"))).isEqualTo("control.cloud.aws.reference");
        // Region and cloud: neither the region's topic (its sites in other clouds) nor the cloud's (other regions).
        assertThat(ControlTopics.of(r, new Addressing(ANY, "eu", "aws"))).isEqualTo("control.region.eu.cloud.aws.reference");
    }

    @Test
    void everyTopicParsesBackToItsKindAndAudienceAndNothingElseParses() {
        List<Addressing> targets = List.of(Addressing.everyone(), Addressing.site("s-1"), Addressing.region("region"),
                Addressing.cloud("site"), new Addressing(ANY, "cloud", "region"), Addressing.region("a-b-c"));
        for (DownlinkKind k : DownlinkKind.values()) {
            for (Addressing to : targets) {
                String topic = ControlTopics.of(k, to);
                assertThat(ControlTopics.parse(topic)).as(topic)
                        .contains(new ControlTopics.Address(k, to));
            }
        }
        for (String other : List.of("control.", "control.alerts", "control.site.reference", "control.site.s1.x.reference",
                "control.region.EU.reference", "control.region.eu.site.s1.reference", "control.zone.a.reference",
                "landing.s1.sales", "control.cloud.aws.region.eu.reference", "control..reference")) {
            assertThat(ControlTopics.parse(other)).as(other).isEmpty();
        }
        // Names that look like address parts cannot be kinds, or a broadcast topic could read as an address topic.
        for (DownlinkKind k : DownlinkKind.values()) {
            assertThat(k.wireName()).isNotIn("site", "region", "cloud");
        }
    }

    @Test
    void differentTargetsNeverShareATopic() {
        List<String> ids = List.of("a", "b", "site", "region", "cloud", "a-b");
        Set<String> seen = new HashSet<>();
        List<Addressing> targets = new ArrayList<>(List.of(Addressing.everyone()));
        for (String x : ids) {
            targets.add(Addressing.site(x));
            targets.add(Addressing.region(x));
            targets.add(Addressing.cloud(x));
            for (String y : ids) {
                targets.add(new Addressing(ANY, x, y));
            }
        }
        for (Addressing to : targets) {
            assertThat(seen.add(ControlTopics.of(DownlinkKind.REFERENCE, to))).as(to.toString()).isTrue();
        }
    }

    @Test
    void aSiteMayReadExactlyTheTopicsThatCanAddressIt() {
        List<String> readable = ControlTopics.readableBy("store-1", "eu", "aws");
        assertThat(readable).containsExactlyInAnyOrder(
                "control.reference", "control.cloud.aws.reference", "control.region.eu.reference",
                "control.region.eu.cloud.aws.reference", "control.site.store-1.reference",
                "control.config", "control.cloud.aws.config", "control.region.eu.config",
                "control.region.eu.cloud.aws.config", "control.site.store-1.config");
        // Whatever the target, a site can read its topic exactly when the target can address that site.
        List<Addressing> targets = List.of(Addressing.everyone(), Addressing.site("store-1"), Addressing.site("store-2"),
                Addressing.region("eu"), Addressing.region("us"), Addressing.cloud("aws"), Addressing.cloud("gcp"),
                new Addressing(ANY, "eu", "aws"), new Addressing(ANY, "eu", "gcp"), new Addressing(ANY, "us", "aws"),
                new Addressing("store-1", "us", ANY));
        for (Addressing to : targets) {
            boolean audience = ControlTopics.parse(ControlTopics.of(DownlinkKind.CONFIG, to)).orElseThrow().scope()
                    .matches("store-1", "eu", "aws");
            assertThat(readable.contains(ControlTopics.of(DownlinkKind.CONFIG, to))).as(to.toString()).isEqualTo(audience);
        }
        assertThatThrownBy(() -> ControlTopics.readableBy("store.1", "eu", "aws")).isInstanceOf(IllegalArgumentException.class);
    }
}
