package dev.edgesync.edge.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class StateStoreTest {

    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void familiesAreSeparateAndSurviveReopen() {
        List<ColumnFamilySpec> specs = List.of(ColumnFamilySpec.keep("a"), ColumnFamilySpec.keep("b"));
        try (StateStore s = StateStore.open(dir, specs)) {
            s.put("a", b("k"), b("va"));
            s.put("b", b("k"), b("vb"));
            assertThat(s.get("a", b("k"))).isEqualTo(b("va"));
            assertThat(s.get("b", b("k"))).isEqualTo(b("vb"));
            assertThat(s.get("a", b("missing"))).isNull();
        }
        // A later version adds a family; one not listed any more is still opened and kept.
        try (StateStore s = StateStore.open(dir, List.of(ColumnFamilySpec.keep("a"), ColumnFamilySpec.keep("c")))) {
            assertThat(s.familyNames()).contains("a", "b", "c");
            assertThat(s.get("a", b("k"))).isEqualTo(b("va"));
            assertThat(s.get("b", b("k"))).isEqualTo(b("vb"));
        }
    }

    @Test
    void batchIsAppliedWholeAndScanStaysInPrefix() {
        try (StateStore s = StateStore.open(dir, List.of(ColumnFamilySpec.keep("a")))) {
            try (StateStore.Batch batch = s.newBatch()) {
                batch.put("a", b("p/1"), b("1")).put("a", b("p/2"), b("2")).put("a", b("q/1"), b("3"));
                assertThat(s.get("a", b("p/1"))).isNull();
                s.write(batch);
            }
            List<String> seen = new ArrayList<>();
            s.scan("a", b("p/"), (k, v) -> seen.add(new String(k, StandardCharsets.UTF_8)));
            assertThat(seen).containsExactly("p/1", "p/2");
            s.delete("a", b("p/1"));
            assertThat(s.get("a", b("p/1"))).isNull();
        }
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseFailsClearly() {
        StateStore s = StateStore.open(dir, List.of(ColumnFamilySpec.keep("a")));
        s.close();
        s.close();
        assertThatThrownBy(() -> s.get("a", b("k"))).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void unknownFamilyIsNamed() {
        try (StateStore s = StateStore.open(dir, List.of(ColumnFamilySpec.keep("a")))) {
            assertThatThrownBy(() -> s.get("nope", b("k"))).hasMessageContaining("nope");
        }
    }

    @Test
    void secondOpenOfTheSameDirectoryFailsWithWhatWasBeingDone() {
        try (StateStore s = StateStore.open(dir, List.of(ColumnFamilySpec.keep("a")))) {
            assertThatThrownBy(() -> StateStore.open(dir, List.of(ColumnFamilySpec.keep("a"))))
                    .isInstanceOf(StateException.class).hasMessageContaining("open the state store");
        }
    }

    @Test
    void expiringFamilyDropsOldEntriesAtCompactionAndOthersKeepThem() {
        List<ColumnFamilySpec> specs = List.of(ColumnFamilySpec.expiring("ttl", Duration.ofSeconds(1)),
                ColumnFamilySpec.keep("forever"));
        try (StateStore s = StateStore.open(dir, specs)) {
            s.put("ttl", b("k"), b("v"));
            s.put("forever", b("k"), b("v"));
            assertThat(s.get("ttl", b("k"))).isEqualTo(b("v"));
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).until(() -> {
                s.compact("ttl");
                s.compact("forever");
                return s.get("ttl", b("k")) == null;
            });
            assertThat(s.get("forever", b("k"))).isEqualTo(b("v"));
        }
    }
}
