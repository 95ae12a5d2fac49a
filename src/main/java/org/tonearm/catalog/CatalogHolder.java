package org.tonearm.catalog;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tonearm.TonearmException;

/**
 * The catalog being served. It watches the store's pointer and, when an import publishes a new catalog, opens it
 * and swaps it in for new requests; the old one is closed after requests in flight had time to finish.
 */
public final class CatalogHolder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CatalogHolder.class);

    /** A catalog and its search, swapped together. */
    public record Live(Catalog catalog, CatalogSearch search) {
    }

    private final CatalogStore store;
    private final CatalogWarmer.Preload preload;
    private final ScheduledExecutorService watcher;
    private final java.util.concurrent.ExecutorService warmer;
    private volatile Live live;
    private volatile long stamp;

    public CatalogHolder(CatalogStore store) {
        this(store, CatalogWarmer.Preload.NEVER);
    }

    /** With {@code preload}, each catalog served is read into the page cache in the background ({@link CatalogWarmer}). */
    public CatalogHolder(CatalogStore store, CatalogWarmer.Preload preload) {
        this.store = store;
        this.preload = preload;
        this.warmer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "catalog-warm");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "catalog-watch");
            t.setDaemon(true);
            return t;
        });
        reload();
        watcher.scheduleWithFixedDelay(this::checkForNew, 5, 5, TimeUnit.SECONDS);
    }

    /** The serving catalog; throws Unavailable when none has been imported yet. */
    public Live live() {
        Live l = live;
        if (l == null) {
            throw new TonearmException.Unavailable("No catalog has been imported yet: run ./tonearm import DUMP_DIR");
        }
        return l;
    }

    public Optional<Live> maybe() {
        return Optional.ofNullable(live);
    }

    private void checkForNew() {
        try {
            if (store.pointerStamp() != stamp) {
                reload();
            }
        } catch (RuntimeException e) {
            log.warn("checking for a new catalog failed: {}", e.getMessage());
        }
    }

    /** Opens the current catalog (again); keeps the old one serving when the new one cannot be opened. */
    public synchronized void reload() {
        long newStamp = store.pointerStamp();
        Optional<Path> dir = store.current();
        if (dir.isEmpty() || (live != null && live.catalog().dir().equals(dir.get()))) {
            stamp = newStamp;
            return;
        }
        try {
            Catalog c = Catalog.open(dir.get());
            Live old = live;
            live = new Live(c, new CatalogSearch(c));
            stamp = newStamp;
            log.info("serving catalog {}: {}", dir.get(), c.info());
            warmLater(c);
            if (old != null) {
                watcher.schedule(() -> closeQuietly(old.catalog()), 60, TimeUnit.SECONDS);
            }
        } catch (IOException | RuntimeException e) {
            log.error("cannot open catalog {}: {}", dir.get(), e.getMessage());
        }
    }

    private void warmLater(Catalog c) {
        warmer.execute(() -> {
            try {
                if (CatalogWarmer.wanted(preload, c.dir())) {
                    java.util.function.BooleanSupplier replaced = () -> live == null || live.catalog() != c;
                    CatalogWarmer.warm(c.dir(), replaced);
                    long t0 = System.nanoTime();
                    long mapped = c.mapLookups(replaced);
                    log.info("mapped catalog {} lookups: {} MB in {} s", c.dir().getFileName(), mapped >> 20,
                        String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
                }
            } catch (IOException | RuntimeException e) {
                log.warn("warming catalog {} failed: {}", c.dir(), e.getMessage());
            }
        });
    }

    private static void closeQuietly(Catalog c) {
        try {
            c.close();
        } catch (IOException e) {
            log.warn("closing old catalog failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        watcher.shutdownNow();
        warmer.shutdownNow();
        Live l = live;
        live = null;
        if (l != null) {
            closeQuietly(l.catalog());
        }
    }
}
