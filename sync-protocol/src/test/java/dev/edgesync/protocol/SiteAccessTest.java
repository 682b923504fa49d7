package dev.edgesync.protocol;

import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SiteAccessTest {

    private static String row(AclBinding b) {
        return b.pattern().resourceType() + " " + b.pattern().patternType() + " " + b.pattern().name() + " "
                + b.entry().operation() + " " + b.entry().permissionType() + " " + b.entry().principal() + "@" + b.entry().host();
    }

    @Test
    void grantsExactlyTheSitesOwnPrefixesAndTheDownlinkTopicsThatCanAddressIt() {
        List<String> rows = SiteAccess.bindings("store-042", "eu-west", "aws", "User:site-store-042").stream()
                .map(SiteAccessTest::row).toList();
        List<String> control = new java.util.ArrayList<>();
        for (String t : List.of("control.reference", "control.config", "control.site.store-042.reference",
                "control.site.store-042.config", "control.region.eu-west.reference", "control.region.eu-west.config",
                "control.cloud.aws.reference", "control.cloud.aws.config", "control.region.eu-west.cloud.aws.reference",
                "control.region.eu-west.cloud.aws.config")) {
            control.add("TOPIC LITERAL " + t + " READ ALLOW User:site-store-042@*");
            control.add("TOPIC LITERAL " + t + " DESCRIBE ALLOW User:site-store-042@*");
        }
        assertThat(rows).containsAll(control).hasSize(5 + control.size()).contains(
                "TOPIC PREFIXED landing.store-042. WRITE ALLOW User:site-store-042@*",
                "TOPIC PREFIXED landing.store-042. READ ALLOW User:site-store-042@*",
                "TOPIC PREFIXED landing.store-042. DESCRIBE ALLOW User:site-store-042@*",
                "TRANSACTIONAL_ID PREFIXED edge-store-042- WRITE ALLOW User:site-store-042@*",
                "TRANSACTIONAL_ID PREFIXED edge-store-042- DESCRIBE ALLOW User:site-store-042@*");
        assertThat(SiteAccess.bindings("store-042", "eu-west", "aws", "User:x")).filteredOn(SiteAccess::isControlGrant)
                .hasSize(control.size());
    }

    @Test
    void neverGrantsCreateGroupsClusterOrLiteralWildcards() {
        assertThat(SiteAccess.bindings("s1", "default", "default", "User:site-s1")).allSatisfy(b -> {
            assertThat(b.entry().operation()).isNotIn(AclOperation.ALL, AclOperation.CREATE, AclOperation.ALTER,
                    AclOperation.DELETE, AclOperation.ALTER_CONFIGS);
            assertThat(b.entry().permissionType()).isEqualTo(AclPermissionType.ALLOW);
            assertThat(b.pattern().resourceType()).isIn(ResourceType.TOPIC, ResourceType.TRANSACTIONAL_ID);
            // Prefixes only for what is the site's own; never a prefix over control topics (they name other sites).
            assertThat(b.pattern().patternType()).isEqualTo(b.pattern().name().startsWith("control.")
                    ? PatternType.LITERAL : PatternType.PREFIXED);
            assertThat(b.pattern().name()).isNotIn("*", "", "landing.", "edge-", "control.");
        });
    }

    @Test
    void aSiteWhoseIdExtendsAnothersKeepsItsTransactionalIdsToItself() {
        List<String> rows = SiteAccess.overlapDenials("store-1", s -> "User:site-" + s,
                List.of("store-1", "store-1-a", "store-10", "store", "other")).stream().map(SiteAccessTest::row).toList();
        assertThat(rows).containsExactlyInAnyOrder(
                // store-1 could otherwise use edge-store-1-a-... ids; store could use edge-store-1-... ids.
                "TRANSACTIONAL_ID PREFIXED edge-store-1-a- ALL DENY User:site-store-1@*",
                "TRANSACTIONAL_ID PREFIXED edge-store-1- ALL DENY User:site-store@*");
        assertThat(SiteAccess.overlapDenials("store-10", s -> "User:" + s, List.of("store-1"))).isEmpty();
    }

    @Test
    void theTransactionalIdPrefixIsTheOneTheUplinkUses() {
        assertThat(SiteAccess.transactionalIdPrefix("store-042")).isEqualTo("edge-store-042-");
        assertThatThrownBy(() -> SiteAccess.bindings("Store.042", "eu", "aws", "User:x")).isInstanceOf(IllegalArgumentException.class);
    }
}
