package org.tonearm.catalog;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.MergePolicy;

/**
 * The importer's merge scheduler: Lucene's concurrent one without its I/O throttle (an import wants merges done as
 * fast as the disk allows, not paced for searches running alongside), counting what merging cost so the import
 * log can say how much of a table's time it took.
 */
final class ImportMergeScheduler extends ConcurrentMergeScheduler {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final AtomicLong merges = new AtomicLong();
    private final AtomicLong docs = new AtomicLong();
    private final AtomicLong wallNanos = new AtomicLong();
    private final AtomicLong cpuNanos = new AtomicLong();

    ImportMergeScheduler() {
        disableAutoIOThrottle();
    }

    @Override
    protected void doMerge(MergeSource mergeSource, MergePolicy.OneMerge merge) throws IOException {
        long wall = System.nanoTime();
        long cpu = THREADS.getCurrentThreadCpuTime();
        try {
            super.doMerge(mergeSource, merge);
        } finally {
            merges.incrementAndGet();
            docs.addAndGet(merge.totalNumDocs());
            wallNanos.addAndGet(System.nanoTime() - wall);
            cpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu);
        }
    }

    /** One line for the log: merges run, documents rewritten, and their time. */
    String summary() {
        return String.format(java.util.Locale.ROOT, "%d merges rewrote %,d docs in %.1f s (%.1f s of CPU)", merges.get(), docs.get(),
            wallNanos.get() / 1e9, cpuNanos.get() / 1e9);
    }
}
