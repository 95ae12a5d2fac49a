package org.tonearm.catalog;

/**
 * One row as {@link ImportQueries} returns it: all fields in one string, separated by {@link ImportQueries#FIELD},
 * SQL NULL written as {@link ImportQueries#NULL}. Read with 1-based getters shaped like ResultSet's.
 */
final class TextRow {
    private final int expected;
    private final int[] starts;
    private final int[] ends;
    private String line;
    private boolean wasNull;

    TextRow(int expected) {
        this.expected = expected;
        this.starts = new int[expected];
        this.ends = new int[expected];
    }

    /** Splits a row; false when it does not hold the expected number of fields (a value held a separator). */
    boolean reset(String line) {
        this.line = line;
        int field = 0;
        int start = 0;
        for (int i = 0; i <= line.length(); i++) {
            if (i == line.length() || line.charAt(i) == ImportQueries.FIELD) {
                if (field == expected) {
                    return false;
                }
                starts[field] = start;
                ends[field] = i;
                field++;
                start = i + 1;
            }
        }
        return field == expected;
    }

    private boolean isNull(int i) {
        return ends[i] - starts[i] == 1 && line.charAt(starts[i]) == ImportQueries.NULL.charAt(0);
    }

    String getString(int column) {
        int i = column - 1;
        wasNull = isNull(i);
        return wasNull ? null : line.substring(starts[i], ends[i]);
    }

    /** The field as a number; 0 (and {@link #wasNull()}) for NULL or text that is no integer. */
    long getLong(int column) {
        int i = column - 1;
        wasNull = isNull(i);
        if (wasNull) {
            return 0;
        }
        try {
            return Long.parseLong(line, starts[i], ends[i], 10);
        } catch (NumberFormatException e) {
            wasNull = true;
            return 0;
        }
    }

    boolean wasNull() {
        return wasNull;
    }
}
