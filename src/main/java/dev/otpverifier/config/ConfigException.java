package dev.otpverifier.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The configuration cannot be used. Lists every problem at once, each naming its key.
 */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * One problem.
     *
     * @param key the key that is wrong, or a pseudo-key such as {@code (file)}
     * @param message what is wrong and what is allowed, in plain words
     */
    public record Problem(String key, String message) {
        @Override
        public String toString() {
            return key + ": " + message;
        }
    }

    private final transient List<Problem> problems;
    private final String sourceDescription;

    /**
     * Creates an exception.
     *
     * @param sourceDescription the file (or other source) the problems are in
     * @param problems at least one problem
     */
    public ConfigException(String sourceDescription, List<Problem> problems) {
        super(describe(sourceDescription, problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
        this.sourceDescription = sourceDescription;
    }

    /** Every problem found. */
    public List<Problem> problems() {
        return problems;
    }

    /** The file (or other source) the problems are in. */
    public String sourceDescription() {
        return sourceDescription;
    }

    private static String describe(String source, List<Problem> problems) {
        return "The configuration in " + source + " cannot be used:\n" + problems.stream()
                .map(problem -> "  - " + problem).collect(Collectors.joining("\n"));
    }
}
