package org.tonearm.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad dumps get an error naming the table, file and column, and never disturb the catalog being served;
 * a dangling reference is kept and reported; an import killed midway leaves the old catalog serving.
 */
class ImportFailureTest {
    @TempDir
    Path tmp;
    Path data;
    CatalogStore store;
    Path served;

    @BeforeEach
    void importGoodCatalog() throws IOException {
        data = tmp.resolve("data");
        store = new CatalogStore(data.resolve("catalog"));
        TestCatalogs.importer().importDump(TestCatalogs.sampleDump(), store, Map.of());
        served = store.current().orElseThrow();
    }

    /** A copy of the sample that a test may break. */
    private Path copyOfSample() throws IOException {
        Path dump = tmp.resolve("dump-" + System.nanoTime());
        Files.createDirectories(dump);
        try (Stream<Path> s = Files.list(TestCatalogs.sampleDump())) {
            for (Path p : s.toList()) {
                Files.copy(p, dump.resolve(p.getFileName()));
            }
        }
        return dump;
    }

    private static void sql(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            for (String q : statements) {
                s.execute(q);
            }
        }
    }

    private void assertRejectedAndOldCatalogServes(Path dump, String... messageParts) throws IOException {
        DumpException e = assertThrows(DumpException.class, () -> TestCatalogs.importer().importDump(dump, store, Map.of()));
        for (String part : messageParts) {
            assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' should name '" + part + "'");
        }
        assertEquals(served, store.current().orElseThrow(), "the old catalog is still current");
        try (Catalog c = Catalog.open(served)) {
            assertEquals(393, c.info().tracks());
            assertEquals("Blue Monday", c.track("6hHc7Pks7wtBIW8Z6A0iFq").orElseThrow().name());
        }
        try (Stream<Path> s = Files.list(store.root())) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".partial")), "no partial catalog left behind");
        }
    }

    @Test
    void missingTable() throws Exception {
        Path dump = copyOfSample();
        Files.delete(dump.resolve("artist_genres.parquet"));
        assertRejectedAndOldCatalogServes(dump, "artist_genres", "missing");
    }

    @Test
    void emptyFolderForATable() throws Exception {
        Path dump = copyOfSample();
        Files.delete(dump.resolve("albums.parquet"));
        Files.createDirectories(dump.resolve("albums"));
        assertRejectedAndOldCatalogServes(dump, "albums", "holds no .parquet files");
    }

    @Test
    void missingColumn() throws Exception {
        Path dump = copyOfSample();
        Path f = dump.resolve("tracks.parquet");
        Path broken = tmp.resolve("tracks-broken.parquet");
        sql("COPY (SELECT * EXCLUDE (duration_ms) FROM read_parquet('" + f + "')) TO '" + broken + "' (FORMAT parquet)");
        Files.move(broken, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertRejectedAndOldCatalogServes(dump, "table tracks", f.toString(), "duration_ms", "missing");
    }

    @Test
    void mistypedColumn() throws Exception {
        Path dump = copyOfSample();
        Path f = dump.resolve("artists.parquet");
        Path broken = tmp.resolve("artists-broken.parquet");
        sql("COPY (SELECT * REPLACE (CAST(popularity AS VARCHAR) || '%' AS popularity) FROM read_parquet('" + f + "')) TO '"
            + broken + "' (FORMAT parquet)");
        Files.move(broken, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertRejectedAndOldCatalogServes(dump, "table artists", "popularity", "VARCHAR", "expected an integer");
    }

    @Test
    void corruptParquet() throws Exception {
        Path dump = copyOfSample();
        Path f = dump.resolve("album_images.parquet");
        byte[] bytes = Files.readAllBytes(f);
        for (int i = bytes.length - 200; i < bytes.length - 8; i++) {
            bytes[i] = (byte) 0x5A;
        }
        Files.write(f, bytes);
        assertRejectedAndOldCatalogServes(dump, "album_images", f.toString(), "not a readable parquet file");
    }

    @Test
    void notAParquetFileAtAll() throws Exception {
        Path dump = copyOfSample();
        Files.writeString(dump.resolve("available_markets.parquet"), "rowid,available_markets\n1,unavailable\n");
        assertRejectedAndOldCatalogServes(dump, "available_markets", "not a readable parquet file");
    }

    @Test
    void trackWithAbsentAlbumIsKeptAndReported() throws Exception {
        Path dump = copyOfSample();
        Path f = dump.resolve("albums.parquet");
        Path cut = tmp.resolve("albums-cut.parquet");
        sql("COPY (SELECT * FROM read_parquet('" + f + "') WHERE id <> '6iHuSGy6pq4tNGFV3ZVPtl') TO '" + cut + "' (FORMAT parquet)");
        Files.move(cut, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ImportReport report = TestCatalogs.importer().importDump(dump, store, Map.of());
        assertEquals(393, report.table("tracks").written());
        assertEquals(24L, report.table("tracks").warnings().get("tracks whose album is absent from the albums table (kept)"));
        try (Catalog c = Catalog.open(store.current().orElseThrow())) {
            Track blueMonday = c.track("6hHc7Pks7wtBIW8Z6A0iFq").orElseThrow();
            assertEquals("Blue Monday", blueMonday.name());
            assertEquals(null, blueMonday.album());
        }
    }

    @Test
    void partFoldersAndDuplicateTrackRowsImport() throws Exception {
        Path dump = copyOfSample();
        Path tracks = dump.resolve("tracks.parquet");
        Path folder = dump.resolve("tracks");
        Files.createDirectories(folder);
        sql("COPY (SELECT * FROM read_parquet('" + tracks + "') WHERE rowid % 2 = 0) TO '" + folder.resolve("part-2.parquet") + "' (FORMAT parquet)",
            "COPY (SELECT * FROM read_parquet('" + tracks + "') WHERE rowid % 2 = 1 UNION ALL SELECT * FROM read_parquet('"
                + tracks + "') WHERE rowid % 10 = 0) TO '" + folder.resolve("part-10.parquet") + "' (FORMAT parquet)");
        Files.delete(tracks);
        ImportReport report = TestCatalogs.importer().importDump(dump, store, Map.of());
        long dupRows = report.table("tracks").rows() - 393;
        assertTrue(dupRows > 0);
        assertEquals(393, report.table("tracks").written());
        assertEquals(dupRows, report.table("tracks").duplicates());
    }

    @Test
    void generatedDumpImportsWithoutASingleRejectedRow() {
        ImportReport report;
        try {
            Path d = tmp.resolve("synth-data");
            report = TestCatalogs.importer().importDump(TestCatalogs.syntheticDump(), new CatalogStore(d.resolve("catalog")), Map.of());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertEquals(0, report.rejectedTotal(), report.summary());
        assertEquals(20_000, report.table("tracks").written());
        assertTrue(report.table("tracks").duplicates() > 0, "the generator writes duplicate track rows");
        assertTrue(report.table("artist_albums").duplicates() > 0, "and duplicate album credits");
        assertTrue(report.table("album_images").duplicates() > 0, "and duplicate images");
    }

    @Test
    void killedImportLeavesTheOldCatalogServingAndARerunStartsClean() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
            "org.tonearm.cli.Main", "import", TestCatalogs.syntheticDump().toString(), "--data", data.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("import.log").toFile()).start();
        long deadline = System.nanoTime() + 120_000_000_000L;
        boolean started = false;
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (Files.readString(tmp.resolve("import.log")).contains("tracks: reading")) {
                started = true;
                break;
            }
            Thread.sleep(20);
        }
        assertTrue(started, "the import reached the tracks table: " + Files.readString(tmp.resolve("import.log")));
        p.destroyForcibly().waitFor();
        assertEquals(served, store.current().orElseThrow(), "the killed import did not swap anything in");
        try (Catalog c = Catalog.open(store.current().orElseThrow())) {
            assertEquals(393, c.info().tracks());
        }
        try (Stream<Path> s = Files.list(store.root())) {
            assertTrue(s.anyMatch(x -> x.getFileName().toString().endsWith(".partial")), "the killed import left its partial folder");
        }
        TestCatalogs.importer().importDump(TestCatalogs.syntheticDump(), store, Map.of());
        try (Catalog c = Catalog.open(store.current().orElseThrow())) {
            assertEquals(20_000, c.info().tracks());
        }
        try (Stream<Path> s = Files.list(store.root())) {
            List<String> names = s.map(x -> x.getFileName().toString()).toList();
            assertTrue(names.stream().noneMatch(n -> n.endsWith(".partial")), "rerun cleaned up: " + names);
            assertEquals(1, names.stream().filter(n -> n.startsWith("v-")).count(), "only the new catalog is kept: " + names);
        }
    }
}
