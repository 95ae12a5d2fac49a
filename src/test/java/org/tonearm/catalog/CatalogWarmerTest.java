package org.tonearm.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogWarmerTest {
    @TempDir
    Path dir;

    private long files() throws IOException {
        Files.createDirectories(dir.resolve("tracks"));
        Files.write(dir.resolve("tracks/_0.fdt"), new byte[9 << 20]);
        Files.write(dir.resolve("tracks.ids"), new byte[1000]);
        Files.writeString(dir.resolve("catalog.json"), "{}");
        return (9 << 20) + 1000 + 2;
    }

    @Test
    void readsEveryFileOfTheCatalog() throws IOException {
        long total = files();
        assertEquals(total, CatalogWarmer.warm(dir, () -> false));
        assertEquals(total, CatalogWarmer.size(dir));
    }

    @Test
    void stopsWhenTheCatalogIsNoLongerServed() throws IOException {
        long total = files();
        assertTrue(CatalogWarmer.warm(dir, () -> true) < total);
    }

    @Test
    void policy() throws IOException {
        files();
        assertTrue(CatalogWarmer.wanted(CatalogWarmer.Preload.ALWAYS, dir));
        assertFalse(CatalogWarmer.wanted(CatalogWarmer.Preload.NEVER, dir));
        assertTrue(CatalogWarmer.wanted(CatalogWarmer.Preload.AUTO, dir), "a small catalog fits in memory");
        assertEquals(CatalogWarmer.Preload.AUTO, CatalogWarmer.Preload.parse(" Auto "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CatalogWarmer.Preload.parse("sometimes"));
        assertTrue(e.getMessage().contains("catalog.preload"));
    }
}
