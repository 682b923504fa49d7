package dev.edgesync.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CI profile of the fault suite: one round of each fault mechanism (FaultSuite.CI_FAULTS) against real processes,
 * the tills posting throughout, and after each round and at the end: nothing acknowledged lost, nothing
 * duplicated, nothing reordered per key.
 */
class FaultRoundsIT {

    @Test
    void everyFaultKindLeavesEveryAcknowledgedEventExactlyOnceInOrder() {
        Path work = Path.of(System.getProperty("e2e.work-dir", "target/e2e-work")).resolve("fault-rounds");
        StringBuilder log = new StringBuilder();
        FaultSuite.Result r = new FaultSuite(FaultSuite.Profile.ci(), work.toAbsolutePath(), line -> {
            System.out.println(line);
            log.append(line).append('\n');
        }).run();

        for (FaultSuite.Round round : r.rounds()) {
            assertThat(round.notLandedAtDeadline()).as("round %d %s: acknowledged events not at the centre in time\n%s",
                    round.number(), round.fault(), log).isZero();
            assertThat(round.duplicated()).as("round %d %s: duplicates\n%s", round.number(), round.fault(), log).isZero();
            assertThat(round.reordered()).as("round %d %s: reordered\n%s", round.number(), round.fault(), log).isZero();
        }
        assertThat(r.rounds()).extracting(FaultSuite.Round::fault)
                .as("every round of the CI rotation ran").containsExactlyElementsOf(FaultSuite.CI_FAULTS);
        assertThat(r.last().acknowledged()).as("the tills kept posting").isGreaterThan(5_000);
        assertThat(r.last().missing()).as("lost\n%s", log).isZero();
        assertThat(r.last().duplicated()).as("duplicated\n%s", log).isZero();
        assertThat(r.last().reordered()).as("reordered\n%s", log).isZero();
    }
}
