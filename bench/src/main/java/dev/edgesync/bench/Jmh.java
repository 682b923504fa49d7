package dev.edgesync.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;

/** Runs {@link ParseBench} with JMH (one fork) and reports it beside its Jackson baseline. */
final class Jmh {

    private Jmh() {
    }

    static void run(Report report, boolean quick) throws Exception {
        Options opt = new OptionsBuilder().include(ParseBench.class.getName()).forks(1)
                .warmupIterations(quick ? 2 : 3).warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 3 : 5).measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .jvmArgs("-Xmx512m").build();
        Collection<RunResult> results = new Runner(opt).run();
        double ours = 0;
        double base = 0;
        String err = "";
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            double score = r.getPrimaryResult().getScore();
            if (name.endsWith("parseAndBind")) {
                ours = score;
                err = String.format(" ± %,.0f", r.getPrimaryResult().getScoreError());
            } else {
                base = score;
            }
        }
        report.section("JMH: ingest hot path for one event");
        report.line(String.format("`ParseBench` (JMH 1.37, 1 fork, %s): `CloudEventParser.parseStructured` + `KafkaBinding.toRecord` on"
                + " 1,000 retail events in turn, against a bare Jackson `readTree` of the same bytes.", quick ? "2×1 s warm-up, 3×1 s" : "3×2 s warm-up, 5×2 s"));
        report.line("");
        report.row("benchmark", "ops/s", "ratio to Jackson tree parse");
        report.row("---", "---", "---");
        report.row("parse + bind (ours)", String.format("%,.0f%s", ours, err), Report.ratio(ours, base));
        report.row("Jackson readTree (baseline)", String.format("%,.0f", base), "1.00×");
        report.line("");
    }
}
