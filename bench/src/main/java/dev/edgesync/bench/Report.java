package dev.edgesync.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Collects the figures of one run and writes them as BENCHMARKS.md. */
final class Report {

    private final List<String> sections = new ArrayList<>();
    private final StringBuilder current = new StringBuilder();

    void section(String title) {
        flush();
        current.append("## ").append(title).append("\n\n");
    }

    void line(String text) {
        current.append(text).append('\n');
        System.out.println("[bench] " + text);
    }

    void row(String... cells) {
        line("| " + String.join(" | ", cells) + " |");
    }

    private void flush() {
        if (current.length() > 0) {
            sections.add(current.toString());
            current.setLength(0);
        }
    }

    void write(Path file, String command, String mode, String preamble) throws IOException {
        flush();
        StringBuilder out = new StringBuilder();
        out.append("# Benchmarks\n\n");
        out.append(preamble).append("\n\n");
        out.append("- date: ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append('\n');
        out.append("- command: `").append(command).append("` (mode: ").append(mode).append(")\n");
        out.append("- machine: ").append(machine()).append("\n\n");
        sections.forEach(s -> out.append(s).append('\n'));
        Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
    }

    static String machine() {
        long ramKb = 0;
        String cpu = "?";
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    ramKb = Long.parseLong(l.replaceAll("\\D", ""));
                }
            }
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    cpu = l.substring(l.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // facts stay unknown
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
                + String.format("%.1f GiB RAM", ramKb / 1024.0 / 1024.0) + ", JDK "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch")
                + ", bench JVM max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB"
                + ", load average at start " + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static String ratio(double ours, double base) {
        return base <= 0 ? "n/a" : String.format("%.2f×", ours / base);
    }

    static String num(double v) {
        return v >= 100 ? String.format("%,.0f", v) : String.format("%.2f", v);
    }
}
