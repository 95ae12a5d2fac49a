package org.tonearm.catalog;

import java.time.LocalDate;

/** Release dates as the dump writes them: {@code 2010}, {@code 2010-05} or {@code 2010-05-17}. */
final class Dates {
    private Dates() {
    }

    static int year(String date) {
        if (date == null || date.length() < 4) {
            return 0;
        }
        int y = 0;
        for (int i = 0; i < 4; i++) {
            char c = date.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            y = y * 10 + (c - '0');
        }
        return y;
    }

    /** Days since the epoch of the first day the date can mean, or Integer.MIN_VALUE when unparseable. */
    static int epochDay(String date) {
        int y = year(date);
        if (y == 0) {
            return Integer.MIN_VALUE;
        }
        try {
            int m = date.length() >= 7 ? Integer.parseInt(date, 5, 7, 10) : 1;
            int d = date.length() >= 10 ? Integer.parseInt(date, 8, 10, 10) : 1;
            return (int) LocalDate.of(y, m, d).toEpochDay();
        } catch (RuntimeException e) {
            return (int) LocalDate.of(y, 1, 1).toEpochDay();
        }
    }
}
