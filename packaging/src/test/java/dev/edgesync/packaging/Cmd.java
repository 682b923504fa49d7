package dev.edgesync.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion and keeps its exit code and merged output. */
record Cmd(int exitCode, String output) {

    static Cmd run(List<String> command) {
        return run(command, Map.of());
    }

    static Cmd run(List<String> command, Map<String, String> env) {
        try {
            Path out = Files.createTempFile("cmd", ".out");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(out.toFile());
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(2, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new AssertionError(command + " did not finish within 2 minutes");
                }
                return new Cmd(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    /** The output, failing with it when the command did not exit 0. */
    String ok() {
        if (exitCode != 0) {
            throw new AssertionError("exit code " + exitCode + ":\n" + output);
        }
        return output;
    }

    static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
