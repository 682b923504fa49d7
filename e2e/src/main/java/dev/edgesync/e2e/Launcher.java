package dev.edgesync.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The packaged launcher's default JVM options ({@code packaging/src/dist/bin/edge-node}), read from it, so a test or bench runs the edge as a box does. */
public final class Launcher {

    private Launcher() {
    }

    /** The options of the launcher under {@code e2e.root} (the repository root; the working directory by default). */
    public static List<String> edgeJvmOptions() {
        return edgeJvmOptions(Path.of(System.getProperty("e2e.root", ".")).resolve("packaging/src/dist/bin/edge-node"));
    }

    public static List<String> edgeJvmOptions(Path launcher) {
        try {
            for (String line : Files.readAllLines(launcher)) {
                if (line.startsWith("default_opts=\"") && line.endsWith("\"")) {
                    return List.of(line.substring("default_opts=\"".length(), line.length() - 1).trim().split("\\s+"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the launcher's JVM options from " + launcher, e);
        }
        throw new IllegalStateException("no default_opts=\"...\" line in " + launcher);
    }
}
