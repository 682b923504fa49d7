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
    void grantsExactlyTheSitesOwnPrefixesAndTheDownlink() {
        List<String> rows = SiteAccess.bindings("store-042", "User:site-store-042").stream().map(SiteAccessTest::row).toList();
        assertThat(rows).containsExactlyInAnyOrder(
                "TOPIC PREFIXED landing.store-042. WRITE ALLOW User:site-store-042@*",
                "TOPIC PREFIXED landing.store-042. READ ALLOW User:site-store-042@*",
                "TOPIC PREFIXED landing.store-042. DESCRIBE ALLOW User:site-store-042@*",
                "TRANSACTIONAL_ID PREFIXED edge-store-042- WRITE ALLOW User:site-store-042@*",
                "TRANSACTIONAL_ID PREFIXED edge-store-042- DESCRIBE ALLOW User:site-store-042@*",
                "TOPIC PREFIXED control. READ ALLOW User:site-store-042@*",
                "TOPIC PREFIXED control. DESCRIBE ALLOW User:site-store-042@*");
    }

    @Test
    void neverGrantsCreateGroupsClusterOrLiteralWildcards() {
        assertThat(SiteAccess.bindings("s1", "User:site-s1")).allSatisfy(b -> {
            assertThat(b.entry().operation()).isNotIn(AclOperation.ALL, AclOperation.CREATE, AclOperation.ALTER,
                    AclOperation.DELETE, AclOperation.ALTER_CONFIGS);
            assertThat(b.entry().permissionType()).isEqualTo(AclPermissionType.ALLOW);
            assertThat(b.pattern().resourceType()).isIn(ResourceType.TOPIC, ResourceType.TRANSACTIONAL_ID);
            assertThat(b.pattern().patternType()).isEqualTo(PatternType.PREFIXED);
            assertThat(b.pattern().name()).isNotIn("*", "", "landing.", "edge-");
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
        assertThatThrownBy(() -> SiteAccess.bindings("Store.042", "User:x")).isInstanceOf(IllegalArgumentException.class);
    }
}
