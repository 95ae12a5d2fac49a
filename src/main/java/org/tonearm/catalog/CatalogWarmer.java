package org.tonearm.catalog;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a catalog's files once so the operating system holds them in its page cache. Lookups read the
 * memory-mapped indexes at random; on a catalog that was not read since boot (or was pushed out by an import),
 * each first touch of a page is a disk read, and those dominate the slow end of lookup latency. Reading the
 * files sequentially in the background costs a few seconds per GB and makes lookups as fast as on a small catalog,
 * as long as the catalog fits in memory, which is why it is only done then ({@link Preload#AUTO}).
 */
public final class CatalogWarmer {
    private static final Logger log = LoggerFactory.getLogger(CatalogWarmer.class);
    private static final int BUFFER = 4 << 20;

    /** When to warm a catalog: always, never, or when it takes at most 3/4 of physical memory. */
    public enum Preload {
        AUTO, ALWAYS, NEVER;

        public static Preload parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("catalog.preload must be auto, always or never, not '" + s + "'");
            }
        }
    }

    private CatalogWarmer() {
    }

    /** Whether a catalog of this folder should be warmed under the policy. */
    public static boolean wanted(Preload policy, Path dir) throws IOException {
        return switch (policy) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> size(dir) <= physicalMemory() / 4 * 3;
        };
    }

    /**
     * Reads every file of the catalog, the small ones first (id tables, term indexes: touched by every lookup),
     * until done or {@code stop} says so; returns the bytes read.
     */
    public static long warm(Path dir, BooleanSupplier stop) throws IOException {
        List<Path> files = files(dir);
        long total = 0;
        for (Path f : files) {
            total += Files.size(f);
        }
        log.info("warming catalog {} ({} MB) into the page cache", dir.getFileName(), total >> 20);
        long t0 = System.nanoTime();
        long read = 0;
        long nextLog = System.nanoTime() + 10_000_000_000L;
        ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER);
        for (Path f : files) {
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                int n;
                while ((n = ch.read(buf.clear())) > 0) {
                    read += n;
                    if (stop.getAsBoolean()) {
                        log.info("warming catalog {} stopped after {} MB", dir.getFileName(), read >> 20);
                        return read;
                    }
                    if (System.nanoTime() > nextLog) {
                        log.info("warming catalog {}: {} of {} MB", dir.getFileName(), read >> 20, total >> 20);
                        nextLog = System.nanoTime() + 10_000_000_000L;
                    }
                }
            }
        }
        log.info("warmed catalog {}: {} MB in {} s", dir.getFileName(), read >> 20,
            String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
        return read;
    }

    private static List<Path> files(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).forEach(out::add);
        }
        out.sort(Comparator.comparingLong(CatalogWarmer::sizeOf));
        return out;
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    static long size(Path dir) throws IOException {
        long n = 0;
        for (Path f : files(dir)) {
            n += sizeOf(f);
        }
        return n;
    }

    static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 4L << 30;
    }
}
