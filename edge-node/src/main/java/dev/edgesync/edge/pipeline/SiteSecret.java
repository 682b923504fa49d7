package dev.edgesync.edge.pipeline;

import dev.edgesync.edge.config.PipelineConfig;
import dev.edgesync.edge.config.EdgeConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The site secret for keyed hashes, from {@code edge.pipeline.hash-secret-file}, else the configured environment
 * variable; read at most once, and at least {@link PipelineFactory#MIN_SECRET_BYTES} long.
 */
final class SiteSecret {

    private final PipelineConfig config;
    private final Function<String, String> env;
    private final ConfigProblems problems;
    private byte[] secret;
    private boolean read;

    SiteSecret(PipelineConfig config, Function<String, String> env, ConfigProblems problems) {
        this.config = config;
        this.env = env;
        this.problems = problems;
    }

    /**
     * The secret, or null after adding a problem that names {@code usedBy}; a later call answers the same without
     * reading or reporting again.
     */
    byte[] get(String usedBy) {
        if (read) {
            return secret;
        }
        read = true;
        String source;
        byte[] s;
        if (config.hashSecretFile().isPresent()) {
            Path f = config.hashSecretFile().get();
            source = "edge.pipeline.hash-secret-file=" + f;
            try {
                s = stripTrailingWhitespace(Files.readAllBytes(f));
            } catch (IOException e) {
                problems.add(source + " cannot be read (" + e.getClass().getSimpleName() + "); " + usedBy + " needs it");
                return null;
            }
        } else {
            source = "environment variable " + config.hashSecretEnv() + " (edge.pipeline.hash-secret-env)";
            String v = env.apply(config.hashSecretEnv());
            if (v == null || v.isBlank()) {
                problems.add(usedBy + " needs a site secret: set edge.pipeline.hash-secret-file or the " + source);
                return null;
            }
            s = v.strip().getBytes(StandardCharsets.UTF_8);
        }
        if (s.length < PipelineFactory.MIN_SECRET_BYTES) {
            problems.add(source + ": the secret must be at least " + PipelineFactory.MIN_SECRET_BYTES
                    + " bytes, it has " + s.length);
            return null;
        }
        secret = s;
        return s;
    }

    private static byte[] stripTrailingWhitespace(byte[] b) {
        int n = b.length;
        while (n > 0 && (b[n - 1] == '\n' || b[n - 1] == '\r' || b[n - 1] == ' ' || b[n - 1] == '\t')) {
            n--;
        }
        return Arrays.copyOf(b, n);
    }
}
