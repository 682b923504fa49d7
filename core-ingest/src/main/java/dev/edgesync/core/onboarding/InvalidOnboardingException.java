package dev.edgesync.core.onboarding;

import java.util.List;

/** An onboarding request that cannot be carried out as asked; {@link #problems()} says why, one line each. */
public final class InvalidOnboardingException extends RuntimeException {

    private final List<String> problems;
    private final boolean conflict;

    public InvalidOnboardingException(List<String> problems) {
        this(problems, false);
    }

    /** @param conflict true if the request is well-formed but contradicts what exists at the centre */
    public InvalidOnboardingException(List<String> problems, boolean conflict) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
        this.conflict = conflict;
    }

    public List<String> problems() {
        return problems;
    }

    public boolean isConflict() {
        return conflict;
    }
}
