package dev.edgesync.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a systemd unit file into {@code Section.Key -> value} (last assignment wins). */
final class SystemdUnit {

    private SystemdUnit() {
    }

    static Map<String, String> parse(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        String section = "";
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1);
                continue;
            }
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(section + "." + line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return out;
    }
}
