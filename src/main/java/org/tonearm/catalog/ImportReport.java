package org.tonearm.catalog;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** What an import read and wrote, per table: rows, documents, duplicates dropped, rows rejected and why. */
public final class ImportReport {
    /** Counters of one table. */
    public static final class Table {
        long rows;
        long written;
        long duplicates;
        final Map<String, Long> rejected = new TreeMap<>();
        final Map<String, Long> warnings = new TreeMap<>();

        public long rows() {
            return rows;
        }

        public long written() {
            return written;
        }

        public long duplicates() {
            return duplicates;
        }

        public Map<String, Long> rejected() {
            return rejected;
        }

        public Map<String, Long> warnings() {
            return warnings;
        }

        public long rejectedTotal() {
            return rejected.values().stream().mapToLong(Long::longValue).sum();
        }

        synchronized void reject(String reason) {
            rejected.merge(reason, 1L, Long::sum);
        }

        synchronized void warn(String what) {
            warnings.merge(what, 1L, Long::sum);
        }

        void warn(String what, long n) {
            if (n > 0) {
                synchronized (this) {
                    warnings.merge(what, n, Long::sum);
                }
            }
        }

        synchronized void addRows(long n) {
            rows += n;
        }

        synchronized void duplicate(long n) {
            duplicates += n;
        }
    }

    private final Map<String, Table> tables = new LinkedHashMap<>();
    private Duration elapsed = Duration.ZERO;

    public synchronized Table table(String name) {
        return tables.computeIfAbsent(name, k -> new Table());
    }

    public Map<String, Table> tables() {
        return tables;
    }

    public Duration elapsed() {
        return elapsed;
    }

    void elapsed(Duration d) {
        elapsed = d;
    }

    public long rejectedTotal() {
        return tables.values().stream().mapToLong(Table::rejectedTotal).sum();
    }

    /** A human summary, one line per table. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("import finished in %s%n", format(elapsed)));
        b.append(String.format("%-22s %14s %14s %12s %10s%n", "table", "rows read", "written", "duplicates", "rejected"));
        tables.forEach((name, t) -> {
            b.append(String.format("%-22s %14d %14s %12d %10d%n", name, t.rows,
                t.written < 0 ? "-" : Long.toString(t.written), t.duplicates, t.rejectedTotal()));
            t.rejected.forEach((why, n) -> b.append(String.format("    rejected %d: %s%n", n, why)));
            t.warnings.forEach((why, n) -> b.append(String.format("    warning %d: %s%n", n, why)));
        });
        return b.toString();
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
            : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : String.format("%.1fs", d.toMillis() / 1000.0);
    }
}
