package org.tonearm.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator writes the real layout with the real quirks, the same for the same seed. */
class SyntheticDumpTest {
    private static String one(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String t(Path dump, String table) {
        Path single = dump.resolve(table + ".parquet");
        return java.nio.file.Files.exists(single) ? "read_parquet('" + single + "')" : "read_parquet('" + dump.resolve(table) + "/*.parquet')";
    }

    @Test
    void layoutAndQuirks() throws Exception {
        Path d = TestCatalogs.syntheticDump();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            assertTrue(java.nio.file.Files.isDirectory(d.resolve("tracks")), "large tables are folders of parts");
            assertEquals("20000", one(s, "SELECT count(DISTINCT id) FROM " + t(d, "tracks")));
            assertTrue(Long.parseLong(one(s, "SELECT count(*) - count(DISTINCT id) FROM " + t(d, "tracks"))) > 0, "duplicate track rows");
            assertTrue(Long.parseLong(one(s, "SELECT count(*) - count(DISTINCT (artist_rowid, album_rowid, is_appears_on, is_implicit_appears_on, index_in_album)) FROM "
                + t(d, "artist_albums"))) > 0, "duplicate artist_albums rows");
            assertTrue(Long.parseLong(one(s, "SELECT count(*) FROM " + t(d, "artist_albums") + " WHERE is_appears_on = 1")) > 0);
            assertTrue(Long.parseLong(one(s, "SELECT count(*) FROM " + t(d, "artist_albums") + " WHERE is_implicit_appears_on = 1")) > 0);
            assertEquals("VARCHAR", one(s, "SELECT typeof(tempo) FROM " + t(d, "track_audio_features") + " LIMIT 1"));
            assertTrue(Long.parseLong(one(s, "SELECT count(*) FROM " + t(d, "track_audio_features") + " WHERE null_response = '1'")) > 0);
            double nullPreview = Double.parseDouble(one(s, "SELECT avg(CASE WHEN preview_url IS NULL THEN 1 ELSE 0 END) FROM " + t(d, "tracks")));
            assertTrue(nullPreview > 0.1 && nullPreview < 0.2, "about 15% null preview URLs: " + nullPreview);
            assertTrue(Long.parseLong(one(s, "SELECT count(*) FROM " + t(d, "tracks") + " WHERE regexp_matches(name, '[^\\x00-\\x7F]')")) > 0, "unicode names");
            assertEquals("unavailable", one(s, "SELECT available_markets FROM " + t(d, "available_markets") + " WHERE rowid = 1"));
            assertTrue(Long.parseLong(one(s, "SELECT count(*) FROM (SELECT track_rowid FROM " + t(d, "track_artists") + " GROUP BY 1 HAVING count(*) > 1)")) > 0,
                "tracks with several artists");
            assertEquals("3", one(s, "SELECT count(DISTINCT album_type) FROM " + t(d, "albums")));
            assertEquals("3", one(s, "SELECT count(DISTINCT release_date_precision) FROM " + t(d, "albums")));
            // a title repeats within an artist's tracks only as a version with its own suffix, as in a real catalog
            String firstArtists = t(d, "track_artists").replace("')", "', filename = true, file_row_number = true)");
            assertEquals("0", one(s, "SELECT count(*) FROM (SELECT lower(ar.name), lower(tr.name) FROM (SELECT DISTINCT id, name, rowid FROM "
                + t(d, "tracks") + ") tr JOIN (SELECT track_rowid, arg_min(artist_rowid, (filename, file_row_number)) AS artist_rowid FROM "
                + firstArtists + " GROUP BY 1) ta ON ta.track_rowid = tr.rowid JOIN " + t(d, "artists")
                + " ar ON ar.rowid = ta.artist_rowid GROUP BY 1, 2 HAVING count(DISTINCT tr.id) > 1)"), "artist + title pairs under several tracks");
            assertTrue(Long.parseLong(one(s, "SELECT count(*) FROM " + t(d, "tracks") + " WHERE name LIKE '% - Acoustic'")) > 0, "versions");
            double topShare = Double.parseDouble(one(s, "SELECT avg(CASE WHEN popularity >= 50 THEN 1 ELSE 0 END) FROM " + t(d, "tracks")));
            assertTrue(topShare < 0.3, "popularity is skewed towards low values: " + topShare);
        }
    }

    @Test
    void sameSeedSameDumpOtherSeedOtherDump(@TempDir Path tmp) throws Exception {
        SyntheticDump.generate(tmp.resolve("a"), 500, 3, Long.MAX_VALUE);
        SyntheticDump.generate(tmp.resolve("b"), 500, 3, Long.MAX_VALUE);
        SyntheticDump.generate(tmp.resolve("c"), 500, 4, Long.MAX_VALUE);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            for (String table : java.util.List.of("tracks", "albums", "artists", "track_artists", "artist_albums", "track_audio_features")) {
                String digest = "SELECT md5(string_agg(CAST(x AS VARCHAR), '|' ORDER BY CAST(x AS VARCHAR))) FROM %s x";
                String a = one(s, String.format(digest, t(tmp.resolve("a"), table)));
                String b = one(s, String.format(digest, t(tmp.resolve("b"), table)));
                String cc = one(s, String.format(digest, t(tmp.resolve("c"), table)));
                assertEquals(a, b, table + " is deterministic for a seed");
                assertTrue(!a.equals(cc), table + " differs for another seed");
            }
            assertEquals("500", one(s, "SELECT count(DISTINCT id) FROM " + t(tmp.resolve("a"), "tracks")));
        }
    }
}
