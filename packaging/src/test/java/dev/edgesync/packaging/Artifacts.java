package dev.edgesync.packaging;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the build put the .deb and the tarball (surefire passes the paths). */
final class Artifacts {

    private Artifacts() {
    }

    static Path deb() {
        return existing("edge.deb.file");
    }

    static Path tarball() {
        return existing("edge.tarball.file");
    }

    private static Path existing(String property) {
        String value = System.getProperty(property);
        assertThat(value).as("system property %s (set by the packaging pom)", property).isNotBlank();
        Path p = Path.of(value);
        assertThat(Files.isRegularFile(p)).as("%s exists; run the package phase first", p).isTrue();
        return p;
    }
}
