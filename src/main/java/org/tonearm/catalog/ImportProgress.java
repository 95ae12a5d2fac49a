package org.tonearm.catalog;

import java.io.PrintStream;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows import progress per table: rows/s and ETA, redrawn in place on a terminal and logged every few seconds
 * without one.
 */
public final class ImportProgress {
    private static final Logger log = LoggerFactory.getLogger(ImportProgress.class);

    private final PrintStream terminal;
    private final long intervalNanos;
    private String table = "";
    private long total;
    private long done;
    private long started;
    private long startedCpu;
    private long lastShown;

    /** @param terminal where to redraw a progress line, or null to log instead */
    public ImportProgress(PrintStream terminal, Duration interval) {
        this.terminal = terminal;
        this.intervalNanos = interval.toNanos();
    }

    /** A console line when stderr is a terminal, log lines every 10 s otherwise. */
    public static ImportProgress automatic() {
        return System.console() != null ? new ImportProgress(System.err, Duration.ofMillis(250))
            : new ImportProgress(null, Duration.ofSeconds(10));
    }

    public synchronized void start(String table, long total) {
        this.table = table;
        this.total = total;
        this.done = 0;
        this.started = System.nanoTime();
        this.startedCpu = processCpuNanos();
        this.lastShown = started;
        log.info("{}: reading {} rows", table, total);
    }

    public synchronized void advance(long n) {
        done += n;
        long now = System.nanoTime();
        if (now - lastShown >= intervalNanos) {
            lastShown = now;
            show(now, false);
        }
    }

    public synchronized void finish() {
        show(System.nanoTime(), true);
    }

    private void show(long now, boolean last) {
        double secs = Math.max(1e-9, (now - started) / 1e9);
        double rate = done / secs;
        String eta = total > done && rate > 0 ? ImportReport.format(Duration.ofSeconds((long) ((total - done) / rate))) : "0s";
        String pct = total > 0 ? String.format("%5.1f%%", 100.0 * Math.min(done, total) / total) : "  -  ";
        String line = String.format("%-20s %s %,d/%,d rows  %,.0f rows/s  ETA %s", table, pct, done, total, rate, eta);
        if (last) {
            long cpu = processCpuNanos() - startedCpu;
            line = String.format("%-20s done: %,d rows in %s (%,.0f rows/s, %.1f s of CPU)", table, done,
                ImportReport.format(Duration.ofNanos(now - started)), rate, cpu / 1e9);
        }
        if (terminal != null) {
            terminal.print("\r" + line + "    " + (last ? "\n" : ""));
            terminal.flush();
        } else {
            log.info(line);
        }
    }

    /** CPU time of the whole process (DuckDB's threads included) in nanoseconds, or 0 where the JVM cannot tell. */
    static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
    }
}
