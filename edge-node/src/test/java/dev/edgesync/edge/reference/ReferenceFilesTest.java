package dev.edgesync.edge.reference;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReferenceFilesTest {

    @Test
    void autoTakesTheFormatFromTheFileNameAndAnExplicitFormatWins() {
        assertThat(ReferenceFiles.formatOf(Path.of("products.CSV"), "auto")).isEqualTo("csv");
        assertThat(ReferenceFiles.formatOf(Path.of("stores.json"), "auto")).isEqualTo("jsonl");
        assertThat(ReferenceFiles.formatOf(Path.of("products.csv"), "jsonl")).isEqualTo("jsonl");
        assertThat(ReferenceFiles.formatOf(Path.of("stores.txt"), "csv")).isEqualTo("csv");
    }

    @Test
    void anUnknownFormatIsAnErrorNeverReadAsJsonLines() {
        assertThatThrownBy(() -> ReferenceFiles.formatOf(Path.of("stores.xml"), "xml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'xml' is unknown: use auto, csv or jsonl");
    }
}
