package dev.edgesync.edge.pipeline;

import dev.edgesync.edge.config.PipelineConfig;
import dev.edgesync.edge.config.EdgeConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class SiteSecretTest {

    private static final String SECRET = "0123456789abcdef";

    @TempDir
    Path dir;

    private static PipelineConfig config(Optional<Path> file) {
        return new PipelineConfig() {
            @Override
            public Optional<Path> hashSecretFile() {
                return file;
            }

            @Override
            public String hashSecretEnv() {
                return "SITE_KEY";
            }

            @Override
            public Map<String, ReferenceTable> reference() {
                return Map.of();
            }
        };
    }

    @Test
    void aFileSecretLosesItsTrailingNewline() throws IOException {
        Path f = Files.writeString(dir.resolve("hash.secret"), SECRET + "\r\n");
        ConfigProblems problems = new ConfigProblems();
        byte[] s = new SiteSecret(config(Optional.of(f)), name -> null, problems).get("redact.hash");
        assertThat(new String(s, StandardCharsets.UTF_8)).isEqualTo(SECRET);
        assertThat(problems.list()).isEmpty();
    }

    @Test
    void theFileWinsOverTheEnvironmentAndIsReadOnce() throws IOException {
        Path f = Files.writeString(dir.resolve("hash.secret"), SECRET);
        AtomicInteger envReads = new AtomicInteger();
        Function<String, String> env = name -> {
            envReads.incrementAndGet();
            return "another-secret-of-enough-length";
        };
        SiteSecret secret = new SiteSecret(config(Optional.of(f)), env, new ConfigProblems());
        byte[] first = secret.get("a");
        Files.delete(f);
        assertThat(secret.get("b")).isSameAs(first);
        assertThat(envReads).hasValue(0);
    }

    @Test
    void anEnvironmentSecretIsStripped() {
        ConfigProblems problems = new ConfigProblems();
        byte[] s = new SiteSecret(config(Optional.empty()), name -> name.equals("SITE_KEY") ? "  " + SECRET + " " : null,
                problems).get("redact.hash");
        assertThat(new String(s, StandardCharsets.UTF_8)).isEqualTo(SECRET);
    }

    @Test
    void aMissingSecretIsOneProblemNamingItsUserEvenWhenAskedTwice() {
        ConfigProblems problems = new ConfigProblems();
        SiteSecret secret = new SiteSecret(config(Optional.empty()), name -> " ", problems);
        assertThat(secret.get("edge.streams.s.redact.hash")).isNull();
        assertThat(secret.get("edge.streams.t.redact.hash")).isNull();
        assertThat(problems.list()).containsExactly("edge.streams.s.redact.hash needs a site secret: set"
                + " edge.pipeline.hash-secret-file or the environment variable SITE_KEY (edge.pipeline.hash-secret-env)");
    }

    @Test
    void aShortOrUnreadableSecretIsAProblem() throws IOException {
        Path shortFile = Files.writeString(dir.resolve("short.secret"), "tooshort\n");
        ConfigProblems problems = new ConfigProblems();
        assertThat(new SiteSecret(config(Optional.of(shortFile)), name -> null, problems).get("x")).isNull();
        assertThat(new SiteSecret(config(Optional.of(dir.resolve("absent"))), name -> null, problems).get("x")).isNull();
        assertThat(problems.list()).containsExactly(
                "edge.pipeline.hash-secret-file=" + shortFile + ": the secret must be at least 16 bytes, it has 8",
                "edge.pipeline.hash-secret-file=" + dir.resolve("absent") + " cannot be read (NoSuchFileException); x needs it");
    }

    @Test
    void pathsThatAreNotDottedFieldPathsAreEachAProblem() {
        ConfigProblems problems = new ConfigProblems();
        assertThat(problems.checkPaths("k", java.util.List.of("a.b", "a..b", "a b"))).isFalse();
        assertThat(problems.checkPaths("k", java.util.List.of("a.b"))).isTrue();
        assertThat(problems.list()).hasSize(2).allSatisfy(p -> assertThat(p).startsWith("k: 'a").contains("not a dotted field path"));
    }
}
