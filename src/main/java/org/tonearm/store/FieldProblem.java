package org.tonearm.store;

/** One invalid configuration field and why. */
public record FieldProblem(String field, String message) {
    @Override
    public String toString() {
        return field + ": " + message;
    }
}
