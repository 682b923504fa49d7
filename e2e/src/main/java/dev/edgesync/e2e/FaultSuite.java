package dev.edgesync.e2e;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Fault rounds against real processes with the tills posting throughout: each round injects one
 * {@link Fault}, heals it, measures the recovery time (heal until every event acknowledged before the
 * heal has landed at the centre) and checks no loss, no duplicate, no reordering per key.
 *
 * <p>Run {@code e2e/run-faults --ci} or {@code e2e/run-faults --long}; see RELIABILITY.md.
 */
public final class FaultSuite {

    private static final Logger LOG = LoggerFactory.getLogger(FaultSuite.class);
    /**
     * The CI rotation: every fault mechanism once in few rounds. A plain link cut happens inside the sync,
     * offline-restart and reset rounds; a graceful centre stop and a kill during pure ingest run in the long
     * profile.
     */
    public static final List<Fault> CI_FAULTS = List.of(Fault.EDGE_KILL_DURING_SYNC, Fault.CORE_KILL,
            Fault.LINK_BLACKHOLE, Fault.EDGE_RESTART_WHILE_OFFLINE, Fault.CONNECTION_RESETS);

    /**
     * Every fault but {@link Fault#POWER_CUT}, the default rotation of the long profile: a power-cut run puts the edge's
     * data dir on a FUSE filesystem for the whole run, far slower than a disk, so it runs as its own profile
     * ({@code --faults POWER_CUT}, or added to the list explicitly).
     */
    public static final List<Fault> IN_SERVICE_FAULTS = java.util.Arrays.stream(Fault.values())
            .filter(f -> f != Fault.POWER_CUT).toList();

    /**
     * The smallest quota the e2e edge may have (4 streams of 3 partitions: 2 MiB per raw, curated and dlq partition),
     * so {@link Fault#EDGE_DISK_FULL} fills it within a few minutes at 1,000 events/s.
     */
    static final Map<String, String> DISK_QUOTA = Map.of("edge.buffer.max-bytes", String.valueOf(72L << 20),
            "edge.buffer.check-interval", "500ms");

    private final Profile profile;
    private final Path workDir;
    private final Consumer<String> out;
    /** The edge's data dir when {@link Fault#POWER_CUT} is among the faults, else null. */
    private PowerCutFs powerCutFs;
    private int powerCuts;
    /** Cuts during the edge's restart in each {@link Fault#POWER_CUT} round, after the one in service. */
    private static final int STARTUP_CUTS = 2;
    private final Random cutTimes = new Random(16);

    public FaultSuite(Profile profile, Path workDir, Consumer<String> out) {
        this.profile = profile;
        this.workDir = workDir;
        this.out = out;
    }

    /** What to run and how hard. {@code seed == 0} means the faults in fixed rotation. */
    public record Profile(String name, int rounds, long minEvents, long seed, List<Fault> faults, int rate, int batch,
                          Duration maxDuration,
                          Duration steady, Duration cut, Duration blackhole, Duration backlogBuild,
                          Duration centreOutage, Duration recoveryDeadline, Map<String, String> edgeOverrides) {

        /** A few short rounds, one of each fault kind, with client timeouts lowered to keep them short. */
        public static Profile ci() {
            return new Profile("ci", CI_FAULTS.size(), 0, 0, CI_FAULTS, 300, 20, Duration.ofMinutes(30),
                    Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(12), Duration.ofSeconds(4),
                    Duration.ofSeconds(3), Duration.ofSeconds(180),
                    Map.of("edge.sync.request-timeout", "3s", "edge.sync.transaction-timeout", "8s"));
        }

        /**
         * At least 20 rounds and a million events with the production client timeouts (10s / 30s), every fault in
         * turn. The edge runs with a disk quota small enough for {@link Fault#EDGE_DISK_FULL} to fill within a round
         * (reject policy, the default): other rounds that build a large backlog may meet it too, which only makes
         * the tills retry.
         */
        public static Profile longRun() {
            return new Profile("long", 20, 1_000_000, 0, IN_SERVICE_FAULTS, 1000, 50, Duration.ofHours(12),
                    Duration.ofSeconds(15), Duration.ofSeconds(20), Duration.ofSeconds(40), Duration.ofSeconds(15),
                    Duration.ofSeconds(10), Duration.ofSeconds(300), DISK_QUOTA);
        }

        public Profile withRounds(int rounds, long minEvents) {
            return new Profile(name, rounds, minEvents, seed, faults, rate, batch, maxDuration, steady, cut, blackhole, backlogBuild,
                    centreOutage, recoveryDeadline, edgeOverrides);
        }

        public Profile withSeed(long seed) {
            return new Profile(name, rounds, minEvents, seed, faults, rate, batch, maxDuration, steady, cut, blackhole, backlogBuild,
                    centreOutage, recoveryDeadline, edgeOverrides);
        }

        public Profile withRate(int rate) {
            return new Profile(name, rounds, minEvents, seed, faults, rate, batch, maxDuration, steady, cut, blackhole, backlogBuild,
                    centreOutage, recoveryDeadline, edgeOverrides);
        }

        public Profile withMaxDuration(Duration maxDuration) {
            return new Profile(name, rounds, minEvents, seed, faults, rate, batch, maxDuration, steady, cut, blackhole,
                    backlogBuild, centreOutage, recoveryDeadline, edgeOverrides);
        }

        /** These faults; with {@link Fault#EDGE_DISK_FULL} among them the edge also gets {@link #DISK_QUOTA} unless a quota is set. */
        public Profile withFaults(List<Fault> faults) {
            Map<String, String> edge = new TreeMap<>(edgeOverrides);
            if (faults.contains(Fault.EDGE_DISK_FULL)) {
                DISK_QUOTA.forEach(edge::putIfAbsent);
            }
            return new Profile(name, rounds, minEvents, seed, faults, rate, batch, maxDuration, steady, cut, blackhole, backlogBuild,
                    centreOutage, recoveryDeadline, Map.copyOf(edge));
        }
    }

    /** One round's figures; lost, duplicated and reordered are what this round added. */
    public record Round(int number, Fault fault, long ackedTotal, long notLandedAtDeadline, long duplicated,
                        long reordered, Duration recovery, String note) {
        public boolean clean() {
            return notLandedAtDeadline == 0 && duplicated == 0 && reordered == 0;
        }
    }

    /** The whole run: per-round figures and the final check after the tills stopped and the link settled. */
    public record Result(String profile, List<Round> rounds, Checker.Report last, Duration maxRecovery,
                         Duration elapsed, long loadRetries) {
        public boolean clean() {
            return last.exactlyOnceInOrder() && rounds.stream().allMatch(Round::clean);
        }
    }

    public Result run() {
        long t0 = System.nanoTime();
        // a run that died with the power-cut filesystem mounted leaves it there: wiping would walk into it
        PowerCutFs.unmountQuietly(workDir.resolve("powercut").resolve("mnt"));
        wipe(workDir);
        say("fault suite, profile %s: rounds>=%d, events>=%d, rate %d/s, %s, edge overrides %s, work dir %s",
                profile.name(), profile.rounds(), profile.minEvents(), profile.rate(),
                profile.seed() == 0 ? "fixed rotation" : "seeded random order (seed " + profile.seed() + ")",
                profile.edgeOverrides(), workDir);
        if (profile.faults().contains(Fault.EDGE_CLOCK_JUMP) && FakeClock.library().isEmpty()) {
            throw new IllegalStateException(Fault.EDGE_CLOCK_JUMP + " needs libfaketime: apt-get install faketime,"
                    + " or leave it out with --faults");
        }
        List<Round> rounds = new ArrayList<>();
        Random random = new Random(profile.seed());
        Map<String, String> edgeOverrides = new TreeMap<>(profile.edgeOverrides());
        if (profile.faults().contains(Fault.POWER_CUT)) {
            // the edge's whole data dir (broker log, RocksDB, KRaft metadata) is on the filesystem that loses power
            powerCutFs = PowerCutFs.mount(workDir.resolve("powercut"));
            edgeOverrides.put("edge.data-dir", powerCutFs.root().resolve("edge").toString());
        }
        try (PowerCutFs fsToClose = powerCutFs;
             Topology t = Topology.fromBuild(workDir, "store-faults", edgeOverrides)) {
            t.startCore().startEdge();
            try (Checker checker = new Checker(t.coreBootstrap(), Topology.STREAMS);
                 BackgroundLoad load = new BackgroundLoad(new LoadGenerator(t.edgeUri(), SampleEvents.retail()),
                         profile.rate(), profile.batch()).start()) {
                Ledger ledger = load.ledger();
                Checker.Report before = checker.report(ledger);
                int n = 0;
                boolean broken = false;
                long stopBy = t0 + profile.maxDuration().toNanos();
                while ((n < profile.rounds() || ledger.size() < profile.minEvents())) {
                    if (System.nanoTime() > stopBy) {
                        say("stopping: the time limit of %s is reached after %d rounds", profile.maxDuration(), n);
                        break;
                    }
                    Fault fault = profile.seed() == 0
                            ? profile.faults().get(n % profile.faults().size())
                            : profile.faults().get(random.nextInt(profile.faults().size()));
                    n++;
                    steady(load, checker, ledger);
                    Round round = round(n, fault, t, load, checker, ledger, before);
                    before = checker.report(ledger);
                    rounds.add(round);
                    say("round %3d %-27s acked %9d | recovery %6.1fs | not landed by deadline %d | +dup %d | +reordered %d%s",
                            round.number(), round.fault(), round.ackedTotal(), round.recovery().toMillis() / 1000.0,
                            round.notLandedAtDeadline(), round.duplicated(), round.reordered(),
                            round.note().isEmpty() ? "" : " | " + round.note());
                    if (round.notLandedAtDeadline() > 0) {
                        say("stopping: round %d did not recover, so later rounds would test nothing", n);
                        broken = true;
                        break;
                    }
                }
                load.close();
                Checker.Report last = checker.awaitAll(ledger, broken ? Duration.ofSeconds(10) : profile.recoveryDeadline());
                Duration max = rounds.stream().map(Round::recovery).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
                Result result = new Result(profile.name(), rounds, last, max, Duration.ofNanos(System.nanoTime() - t0),
                        load.retries());
                summary(result);
                return result;
            }
        }
    }

    private void steady(BackgroundLoad load, Checker checker, Ledger ledger) {
        int start = ledger.mark();
        long deadline = System.nanoTime() + profile.steady().toNanos();
        // the tills must be getting 202s again before the next fault, or the round would test nothing
        Waits.until(profile.recoveryDeadline(), Duration.ofMillis(100), () -> {
            load.requireRunning();
            checker.poll(Duration.ofMillis(100));
            return ledger.mark() > start && System.nanoTime() >= deadline;
        });
    }

    private Round round(int n, Fault fault, Topology t, BackgroundLoad load, Checker checker, Ledger ledger,
                        Checker.Report before) {
        LOG.info("round {}: {}", n, fault);
        String note = "";
        switch (fault) {
            case EDGE_KILL_DURING_INGEST -> {
                t.edge().kill();
                t.startEdge();
            }
            case EDGE_KILL_DURING_SYNC -> {
                t.link().cut();
                Waits.pause(profile.backlogBuild());
                int backlog = ledger.mark();
                long landedBefore = checker.uniqueLanded();
                t.link().restore();
                boolean syncing = Waits.until(profile.recoveryDeadline(), Duration.ofMillis(10), () -> {
                    checker.poll(Duration.ofMillis(20));
                    return checker.uniqueLanded() > landedBefore;
                });
                t.edge().kill();
                boolean midSync = syncing && !checker.landedUpTo(ledger, backlog);
                note = midSync ? "killed mid-sync" : "WARNING: sync had " + (syncing ? "already finished" : "not started");
                t.startEdge();
            }
            case CORE_KILL -> {
                t.core().kill();
                Waits.pause(profile.centreOutage());
                t.startCore();
            }
            case CORE_STOP_START -> {
                t.core().stop(Duration.ofSeconds(60));
                Waits.pause(profile.centreOutage());
                t.startCore();
            }
            case LINK_CUT -> {
                t.link().cut();
                Waits.pause(profile.cut());
                t.link().restore();
            }
            case LINK_BLACKHOLE -> {
                t.link().blackhole();
                Waits.pause(profile.blackhole());
                t.link().restore();
            }
            case EDGE_RESTART_WHILE_OFFLINE -> {
                t.link().cut();
                Waits.pause(profile.backlogBuild());
                t.edge().stop(Duration.ofSeconds(60));
                t.startEdge();
                Waits.pause(Duration.ofSeconds(2));
                t.link().restore();
            }
            case CONNECTION_RESETS -> {
                t.link().cut();
                Waits.pause(profile.backlogBuild());
                t.link().restore();
                for (int i = 0; i < 3; i++) {
                    long landed = checker.uniqueLanded();
                    Waits.until(profile.recoveryDeadline(), Duration.ofMillis(10), () -> {
                        checker.poll(Duration.ofMillis(20));
                        return checker.uniqueLanded() > landed;
                    });
                    t.link().resetAll();
                }
            }
            case EDGE_CLOCK_JUMP -> note = clockJump(t, checker);
            case POWER_CUT -> {
                // every other cut while a backlog is being shipped, the others with the link up throughout
                boolean duringSync = n % 2 == 0;
                boolean syncing = false;
                if (duringSync) {
                    t.link().cut();
                    Waits.pause(profile.backlogBuild());
                    long landedBefore = checker.uniqueLanded();
                    t.link().restore();
                    syncing = Waits.until(profile.recoveryDeadline(), Duration.ofMillis(10), () -> {
                        checker.poll(Duration.ofMillis(20));
                        return checker.uniqueLanded() > landedBefore;
                    });
                }
                // The power goes: what was not fsynced is gone at once and nothing written later counts; the
                // process dies with it.
                int files = powerCut(t);
                StringBuilder atStart = new StringBuilder();
                // More cuts while the edge starts on what was durable (broker log recovery, index rebuild, pipeline
                // and uplink resuming), each after a random part of its start-up; then it must start on what is left.
                for (int i = 0; i < STARTUP_CUTS; i++) {
                    Duration into = Duration.ofMillis(3_000 + cutTimes.nextInt(22_000));
                    t.edge().launch();
                    Waits.pause(into);
                    boolean ready = t.edge().isReady();
                    int lost = powerCut(t);
                    atStart.append(String.format(Locale.ROOT, ", cut %.1fs into a restart%s (%d files)",
                            into.toMillis() / 1000.0, ready ? " (was ready)" : "", lost));
                }
                long restart = System.nanoTime();
                t.startEdge();
                note = String.format(Locale.ROOT, "%s (%d files lost unsynced writes)%s, edge up in %.1fs",
                        duringSync ? (syncing ? "cut mid-sync" : "WARNING: sync had not started") : "cut during ingest",
                        files, atStart, (System.nanoTime() - restart) / 1e9);
            }
            case EDGE_DISK_FULL -> {
                t.link().cut();
                long refusedBefore = load.refusedFull();
                // Full = the tills are being answered 507; then a few more refusals to be sure it holds.
                boolean full = Waits.until(profile.recoveryDeadline(), Duration.ofMillis(200), () -> {
                    load.requireRunning();
                    checker.poll(Duration.ofMillis(50));
                    return load.refusedFull() > refusedBefore;
                });
                Waits.pause(Duration.ofSeconds(3));
                t.link().restore();
                note = full ? "507 answered " + (load.refusedFull() - refusedBefore) + " times"
                        : "WARNING: the quota was not reached within " + profile.recoveryDeadline();
            }
        }
        long healed = System.nanoTime();
        int mark = ledger.mark();
        boolean recovered = checker.awaitLandedUpTo(ledger, mark, profile.recoveryDeadline());
        Duration recovery = Duration.ofNanos(System.nanoTime() - healed);
        long notLanded = 0;
        if (!recovered) {
            notLanded = mark - countLandedPrefix(checker, ledger, mark);
            note = (note.isEmpty() ? "" : note + "; ") + "NOT RECOVERED within " + profile.recoveryDeadline();
        }
        Checker.Report now = checker.report(ledger);
        return new Round(n, fault, ledger.size(), notLanded, now.duplicated() - before.duplicated(),
                now.reordered() - before.reordered(), recovery, note);
    }

    /**
     * The edge restarted on a clock 2 h ahead (libfaketime), then 1 h behind (a 3 h step back), then on the true
     * clock; after each restart something new must land at the centre. Returns the round's note.
     *
     * <p>A step while the edge runs ({@code FAKETIME_START_AFTER_SECONDS}) is not part of it: it steps libfaketime's
     * monotonic clock too (see {@link FakeClock}), which no real clock step does; steps while running are covered by
     * the unit tests of the edge's max-age ({@code RecordAgesTest}).
     */
    private String clockJump(Topology t, Checker checker) {
        StringBuilder note = new StringBuilder();
        for (String step : List.of("+2h", "-1h", "+0")) {
            t.edge().stop(Duration.ofSeconds(60));
            t.edge().environment(step.equals("+0") ? Map.of() : FakeClock.environment(step, 0));
            // The JVM starts slower under libfaketime.
            t.startEdge(Duration.ofSeconds(240));
            long landed = checker.uniqueLanded();
            boolean moved = Waits.until(profile.recoveryDeadline(), Duration.ofMillis(50), () -> {
                checker.poll(Duration.ofMillis(50));
                return checker.uniqueLanded() > landed;
            });
            Waits.pause(Duration.ofSeconds(6)); // a heartbeat or two: the skew is measured
            var status = EdgeStatus.fetch(t.edgeUri());
            String skew = status == null ? "?" : status.path("link").path("clockSkewMs").asText("null");
            note.append(note.isEmpty() ? "" : ", ").append("clock ").append(step).append(": ")
                    .append(moved ? "shipping" : "WARNING: nothing landed").append(", skew ").append(skew).append(" ms");
        }
        return note.toString();
    }

    /** Cuts the edge's power: unsynced writes dropped and the process killed at once, then power back on. */
    private int powerCut(Topology t) {
        int files = powerCutFs.cut();
        t.edge().kill();
        powerCutFs.powerOn();
        powerCuts++;
        return files;
    }

    private static long countLandedPrefix(Checker checker, Ledger ledger, int mark) {
        Checker.Report r = checker.report(ledger);
        return Math.max(0, mark - r.missing());
    }

    private void summary(Result r) {
        Checker.Report last = r.last();
        say("");
        say("==================== FAULT SUITE (%s) ====================", r.profile());
        say("date                    %s", Instant.now());
        say("rounds                  %d", r.rounds().size());
        for (Fault f : Fault.values()) {
            long c = r.rounds().stream().filter(x -> x.fault() == f).count();
            if (c > 0) {
                say("  %-27s %d", f, c);
            }
        }
        if (powerCuts > 0) {
            say("power cuts              %d (%d per POWER_CUT round: one in service, %d during restarts)", powerCuts,
                    1 + STARTUP_CUTS, STARTUP_CUTS);
        }
        say("events acked by edge    %d", last.acknowledged());
        say("landed at centre        %d unique (%d records)", last.landedUnique(), last.landedRecords());
        say("lost                    %d", last.missing());
        say("duplicated              %d", last.duplicated());
        say("reordered (per key)     %d", last.reordered());
        say("landed, never acked     %d (a batch abandoned mid-retry when the tills stopped; allowed)", last.unexpected());
        say("max recovery time       %.1fs", r.maxRecovery().toMillis() / 1000.0);
        say("load retries            %d", r.loadRetries());
        say("elapsed                 %ds", r.elapsed().toSeconds());
        say("RESULT: %s", r.clean() ? "OK, every acknowledged event exactly once, in order per key" : "FAILED");
    }

    private void say(String fmt, Object... args) {
        out.accept(args.length == 0 ? fmt : String.format(Locale.ROOT, fmt, args));
    }

    private static void wipe(Path dir) {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code --ci | --long} [{@code --rounds N}] [{@code --min-events N}] [{@code --seed S}] [{@code --rate R}]
     * [{@code --work-dir D}]; exits 0 only if every round was clean.
     */
    public static void main(String[] args) {
        Profile p = Profile.ci();
        Path work = Path.of("e2e/target/faults");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--ci" -> p = Profile.ci();
                case "--long" -> p = Profile.longRun();
                case "--rounds" -> p = p.withRounds(Integer.parseInt(args[++i]), p.minEvents());
                case "--min-events" -> p = p.withRounds(p.rounds(), Long.parseLong(args[++i]));
                case "--seed" -> p = p.withSeed(Long.parseLong(args[++i]));
                case "--rate" -> p = p.withRate(Integer.parseInt(args[++i]));
                case "--work-dir" -> work = Path.of(args[++i]);
                case "--max-minutes" -> p = p.withMaxDuration(Duration.ofMinutes(Long.parseLong(args[++i])));
                case "--faults" -> p = p.withFaults(Arrays.stream(args[++i].split(",")).map(Fault::valueOf).toList());
                default -> {
                    System.err.println("unknown option " + args[i]
                            + "; use --ci|--long [--rounds N] [--min-events N] [--seed S] [--rate R] [--work-dir D] [--max-minutes M] [--faults F1,F2]");
                    System.exit(2);
                }
            }
        }
        Result r = new FaultSuite(p, work.toAbsolutePath(), System.out::println).run();
        System.exit(r.clean() ? 0 : 1);
    }
}
