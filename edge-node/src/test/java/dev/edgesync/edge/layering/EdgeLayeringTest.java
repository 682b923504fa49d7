package dev.edgesync.edge.layering;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.edgesync.edge.layering.fixture.buffer.UsesSync;
import dev.edgesync.edge.layering.fixture.stream.Ground;
import dev.edgesync.edge.layering.fixture.sync.UsesBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** edge-node's main code keeps the layering; the rules themselves catch an import that breaks it. */
class EdgeLayeringTest {

    private static final String EDGE = "dev.edgesync.edge";
    private static final String FIXTURE = "dev.edgesync.edge.layering.fixture";

    @Test
    void edgeNodeImportsRunDownwardWithoutCycles() {
        JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(EDGE);
        assertThat(main.size()).as("the main classes were found").isGreaterThan(100);
        EdgeLayering.checkAll(EDGE, main);
    }

    @Test
    void anUpwardImportIsReportedNamingBothPackages() {
        JavaClasses classes = new ClassFileImporter().importClasses(UsesSync.class, UsesBuffer.class, Ground.class);
        var result = EdgeLayering.importsRunDownward(FIXTURE).evaluate(classes);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).singleElement().asString()
                .contains("UsesSync").contains("[buffer may not import sync]");
    }

    @Test
    void aCycleBetweenTwoPackagesIsReported() {
        JavaClasses classes = new ClassFileImporter().importClasses(UsesSync.class, UsesBuffer.class, Ground.class);
        var result = EdgeLayering.freeOfCycles(FIXTURE).evaluate(classes);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("buffer").contains("sync");
    }

    @Test
    void aDownwardImportPasses() {
        JavaClasses classes = new ClassFileImporter().importClasses(UsesBuffer.class, Ground.class);
        assertThat(EdgeLayering.importsRunDownward(FIXTURE).evaluate(classes).hasViolation()).isFalse();
        assertThat(EdgeLayering.freeOfCycles(FIXTURE).evaluate(classes).hasViolation()).isFalse();
    }
}
