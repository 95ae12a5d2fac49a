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
    void mapsEveryRecordAndTableALookupReadsAndStopsWhenAsked() throws IOException {
        Path dir = new CatalogStore(TestCatalogs.sampleData().resolve("catalog")).current().orElseThrow();
        long lookupFiles = 0;
        for (String index : java.util.List.of(Fields.TRACKS, Fields.ALBUMS, Fields.ARTISTS, Fields.FEATURES)) {
            lookupFiles += Files.size(RecordFile.file(dir.resolve(index)));
            lookupFiles += Files.size(IdTable.file(dir.resolve(index))) - TableFile.HEADER;
            if (!index.equals(Fields.FEATURES)) { // features are found by id only: no documents, no document table
                lookupFiles += Files.size(DocAddresses.file(dir.resolve(index))) - TableFile.HEADER;
            }
        }
        try (Catalog c = Catalog.open(dir)) {
            long all = c.mapLookups(() -> false);
            assertTrue(all >= lookupFiles, all + " bytes mapped, the records and tables are " + lookupFiles);
            assertTrue(all <= CatalogWarmer.size(dir), "nothing beyond the catalog's files");
            assertEquals(0, c.mapLookups(() -> true), "stopped at once");
            assertTrue(c.track(c.decodeTrack(c.tracksIndex().firstData(), new java.util.HashMap<>()).id()).isPresent());
        }
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
