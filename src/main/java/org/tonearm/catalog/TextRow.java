package org.tonearm.catalog;

import java.nio.charset.StandardCharsets;

/**
 * One row as {@link ImportQueries} returns it: all fields in one UTF-8 value, separated by
 * {@link ImportQueries#FIELD}, SQL NULL written as {@link ImportQueries#NULL}. Read with 1-based getters shaped
 * like ResultSet's. The row stays bytes: only the fields read as text become strings (neither separator can be
 * part of a multi-byte UTF-8 sequence, so splitting the bytes splits the text).
 */
final class TextRow {
    private final int expected;
    private final int[] starts;
    private final int[] ends;
    private byte[] line;
    private boolean wasNull;

    TextRow(int expected) {
        this.expected = expected;
        this.starts = new int[expected];
        this.ends = new int[expected];
    }

    /** Splits a row; false when it does not hold the expected number of fields (a value held a separator). */
    boolean reset(byte[] line) {
        this.line = line;
        int field = 0;
        int start = 0;
        for (int i = 0; i <= line.length; i++) {
            if (i == line.length || line[i] == ImportQueries.FIELD) {
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
        return ends[i] - starts[i] == 1 && line[starts[i]] == ImportQueries.NULL.charAt(0);
    }

    String getString(int column) {
        int i = column - 1;
        wasNull = isNull(i);
        return wasNull ? null : new String(line, starts[i], ends[i] - starts[i], StandardCharsets.UTF_8);
    }

    /** The field as a number; 0 (and {@link #wasNull()}) for NULL or text that is no integer. */
    long getLong(int column) {
        int i = column - 1;
        wasNull = isNull(i);
        if (wasNull) {
            return 0;
        }
        int at = starts[i];
        int end = ends[i];
        boolean negative = at < end && line[at] == '-';
        if (negative || (at < end && line[at] == '+')) {
            at++;
        }
        if (end - at > 18) {
            return longNumber(i);
        }
        if (at == end) {
            return notANumber();
        }
        long v = 0;
        for (; at < end; at++) {
            int digit = line[at] - '0';
            if (digit < 0 || digit > 9) {
                return notANumber();
            }
            v = v * 10 + digit;
        }
        return negative ? -v : v;
    }

    private long notANumber() {
        wasNull = true;
        return 0;
    }

    /** More than 18 digits (or other text that long): parsed the slow way, which knows where a long ends. */
    private long longNumber(int i) {
        try {
            return Long.parseLong(new String(line, starts[i], ends[i] - starts[i], StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return notANumber();
        }
    }

    boolean wasNull() {
        return wasNull;
    }
}
