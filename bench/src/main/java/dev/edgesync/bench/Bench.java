package dev.edgesync.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Runs every benchmark and writes BENCHMARKS.md: each figure beside a baseline measured in the same run.
 * Arguments: {@code --quick} for small sizes; {@code --only=ingest,drain,latency,pipeline} to run a subset.
 */
public final class Bench {

    private static final String ALL = "ingest,backlog,drain,latency,fleet,pipeline,failover,jmh";

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        boolean quick = a.contains("--quick");
        String only = a.stream().filter(s -> s.startsWith("--only=")).map(s -> s.substring(7)).findFirst().orElse(ALL);
        Path root = Path.of(System.getProperty("e2e.root", ".")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory(root.resolve("bench/target"), "run-");
        Path edgeJar = root.resolve("edge-node/target/quarkus-app/quarkus-run.jar");
        Report report = new Report();
        long t0 = System.nanoTime();
        section(report, only, "ingest", "1. Ingest throughput and 5. footprint",
                () -> new IngestBench(work, edgeJar, quick ? 20_000 : 100_000, quick ? 3_000 : 5_000, 4).run(report));
        section(report, only, "backlog", "5b. Footprint with a large backlog",
                () -> new BacklogBench(work, edgeJar, quick ? List.of(200_000L, 1_000_000L) : List.of(1_000_000L, 10_000_000L)).run(report));
        section(report, only, "drain", "2. Backlog drain and 3. wire efficiency",
                () -> new DrainBench(work, quick ? 100_000 : 1_000_000).run(report));
        section(report, only, "latency", "4. Online latency",
                () -> new LatencyBench(work, 50, Duration.ofSeconds(quick ? 20 : 60), Duration.ofSeconds(quick ? 20 : 60)).run(report));
        section(report, only, "fleet", "6. Fleet",
                () -> new FleetBench(work, quick ? List.of(10, 50) : List.of(10, 100, 300, 1000),
                        quick ? Duration.ofSeconds(20) : Duration.ofSeconds(60), 1).run(report));
        section(report, only, "pipeline", "7. Preprocessing pipeline",
                () -> new PipelineBench(work, quick ? 20_000 : 60_000).run(report));
        section(report, only, "failover", "8. Relay failover",
                () -> new FailoverBench(work, quick ? 3 : 5, quick).run(report));
        section(report, only, "jmh", "JMH", () -> Jmh.run(report, quick));
        report.section("Skipped");
        report.line("- Sections skipped in this run by `--only`: " + (only.equals(ALL) ? "none" : "everything but " + only) + ".");
        report.line("");
        report.line(String.format("Whole run took %.0f s. Work dir (logs): `%s`.", (System.nanoTime() - t0) / 1e9, root.relativize(work)));
        String mode = (quick ? "quick" : "full") + (only.equals(ALL) ? "" : ", only " + only);
        String cmd = "bench/run" + (args.length > 0 ? " " + String.join(" ", args) : "");
        report.write(root.resolve(a.stream().filter(x -> x.startsWith("--out=")).map(x -> x.substring(6)).findFirst().orElse("BENCHMARKS.md")), cmd, mode, PREAMBLE);
        System.out.println("[bench] wrote BENCHMARKS.md");
        System.exit(0);
    }

    private interface Step {
        void run() throws Exception;
    }

    /** Runs one benchmark; a failure is reported as such (never as a figure) and the others still run. */
    private static void section(Report report, String only, String name, String title, Step step) {
        if (!only.contains(name)) {
            return;
        }
        try {
            step.run();
        } catch (Exception | Error e) {
            e.printStackTrace();
            report.section(title + ": FAILED in this run, not measured");
            report.line("`" + e + "` (stack trace in the console output).");
            report.line("");
        }
    }

    private static final String PREAMBLE = """
            Every figure below has its baseline measured **in the same run, on the same machine, at the same time of day**:
            the machine is a small shared box (2 cores) on which other jobs may run at the same time, so absolute numbers
            are noisy and only the ratios are meant to be compared between runs. Nothing here is copied from another run:
            a figure that was not measured says so.""";
}
