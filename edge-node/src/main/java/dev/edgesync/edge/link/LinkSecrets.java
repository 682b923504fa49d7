package dev.edgesync.edge.link;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Link settings kept in their own file ({@code edge.core.kafka-secrets-file}), so application.properties can be
 * shared, backed up or shown without the site's password; merged over {@code edge.core.kafka.*}.
 */
public final class LinkSecrets {

    static final String KEY = "edge.core.kafka-secrets-file";

    private LinkSecrets() {
    }

    /** What is wrong with the configured file (missing, unreadable, malformed); names the key, never a value. */
    public static List<String> problems(Optional<Path> file) {
        if (file.isEmpty()) {
            return List.of();
        }
        Path f = file.get();
        if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
            return List.of(KEY + "=" + f + " is not a readable file: install the secret file onboarding returned there"
                    + " (owned by the service user, mode 0600), or remove the key");
        }
        try {
            read(f);
            return List.of();
        } catch (UncheckedIOException | IllegalArgumentException e) {
            return List.of(KEY + "=" + f + " cannot be read as a properties file");
        }
    }

    /** {@code kafka} with the file's entries on top; {@code kafka} alone when no file is configured. */
    public static Map<String, String> merged(Map<String, String> kafka, Optional<Path> file) {
        Map<String, String> m = new HashMap<>(kafka);
        file.ifPresent(f -> m.putAll(read(f)));
        return m;
    }

    private static Map<String, String> read(Path f) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            // The message names the file only: an IOException never carries its content.
            throw new UncheckedIOException("cannot read " + KEY + "=" + f, e);
        }
        Map<String, String> m = new HashMap<>();
        p.forEach((k, v) -> m.put(((String) k).trim(), ((String) v).trim()));
        return m;
    }
}
