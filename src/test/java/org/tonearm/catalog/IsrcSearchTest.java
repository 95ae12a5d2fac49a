package org.tonearm.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code isrc:} finds exactly the tracks with that ISRC, whether the index holds it as a number (the well-formed
 * twelve characters) or as a keyword (anything else the dump has), and however the user cases or pads it.
 */
class IsrcSearchTest {
    @TempDir
    Path tmp;

    private static Set<String> ids(CatalogSearch search, String q) {
        SearchResults r = search.search(SearchQuery.parse(q), EnumSet.of(SearchQuery.Type.TRACK), 0, 50);
        Set<String> ids = new HashSet<>();
        r.tracks().items().forEach(t -> ids.add(t.id()));
        assertEquals(ids.size(), r.tracks().total(), "total of " + q);
        return ids;
    }

    @Test
    void everyIsrcFindsTheTracksThatCarryIt() throws IOException {
        try (Catalog c = TestCatalogs.open(TestCatalogs.syntheticData())) {
            Map<String, Set<String>> byIsrc = new HashMap<>();
            for (Track t : TestCatalogs.liveTracks(c)) {
                byIsrc.computeIfAbsent(t.isrc(), k -> new HashSet<>()).add(t.id());
            }
            List<String> shared = byIsrc.keySet().stream().filter(k -> byIsrc.get(k).size() > 1).sorted().toList();
            assertTrue(shared.size() > 50, "the generator shares some ISRCs between tracks: " + shared.size());
            List<String> sample = new ArrayList<>(shared);
            List<String> all = byIsrc.keySet().stream().sorted().toList();
            Random random = new Random(3);
            for (int i = 0; i < 1000; i++) {
                sample.add(all.get(random.nextInt(all.size())));
            }
            CatalogSearch search = new CatalogSearch(c);
            for (String isrc : sample) {
                assertEquals(byIsrc.get(isrc), ids(search, "isrc:" + isrc), isrc);
            }
            String one = sample.getFirst();
            assertEquals(byIsrc.get(one), ids(search, "isrc:" + one.toLowerCase(java.util.Locale.ROOT)), "lower case");
            // a neighbour's code (the last character one step on) is another ISRC, which no track carries here
            String next = one.substring(0, 11) + (char) (one.charAt(11) == '9' ? '0' : one.charAt(11) + 1);
            assertEquals(byIsrc.getOrDefault(next, Set.of()), ids(search, "isrc:" + next), next);
        }
    }

    @Test
    void theCodeIsExactOverTheWholeAlphabet() {
        assertEquals(0, Fields.isrcCode("000000000000"));
        assertEquals(4738381338321616895L, Fields.isrcCode("ZZZZZZZZZZZZ"), "36^12 - 1: no overflow into a sign");
        assertEquals(Fields.isrcCode("ZZZZZZZZZZZZ") - 1, Fields.isrcCode("ZZZZZZZZZZZY"));
        assertEquals(35L * 36 * 36 * 36 * 36 * 36 * 36 * 36 * 36 * 36 * 36 * 36, Fields.isrcCode("Z00000000000"));
        for (String odd : List.of("", "GBAAP000111", "GBAAP00011150", "gbaap0001115", "GB-AAP000111", "GBAAP000111é")) {
            assertEquals(-1, Fields.isrcCode(odd), odd);
        }
    }

    @Test
    void isrcsOutsideTheStandardFormAreFoundToo() throws Exception {
        Path dump = tmp.resolve("dump");
        Files.createDirectories(dump);
        try (Stream<Path> s = Files.list(TestCatalogs.sampleDump())) {
            for (Path p : s.toList()) {
                Files.copy(p, dump.resolve(p.getFileName()));
            }
        }
        Path tracks = dump.resolve("tracks.parquet");
        Path edited = tmp.resolve("tracks.parquet");
        List<String> ids = new ArrayList<>();
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:"); Statement s = conn.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id FROM read_parquet('" + tracks + "') ORDER BY id LIMIT 4")) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            // hyphenated, padded and lower-case, too long, and one ISRC on two tracks
            s.execute("COPY (SELECT * REPLACE (CASE id WHEN '" + ids.get(0) + "' THEN 'GB-AAP-00-01115' WHEN '" + ids.get(1)
                + "' THEN '  qmdA61500001 ' WHEN '" + ids.get(2) + "' THEN 'USAT2150000100' WHEN '" + ids.get(3)
                + "' THEN 'QMDA61500001' ELSE external_id_isrc END AS external_id_isrc) FROM read_parquet('" + tracks + "')) TO '"
                + edited + "' (FORMAT parquet)");
        }
        Files.move(edited, tracks, StandardCopyOption.REPLACE_EXISTING);
        Path data = TestCatalogs.importInto(dump, "tonearm-isrc");
        try (Catalog c = TestCatalogs.open(data)) {
            CatalogSearch search = new CatalogSearch(c);
            assertEquals(Set.of(ids.get(0)), ids(search, "isrc:GB-AAP-00-01115"));
            assertEquals(Set.of(ids.get(0)), ids(search, "isrc:gb-aap-00-01115"));
            assertEquals(Set.of(ids.get(2)), ids(search, "isrc:USAT2150000100"));
            assertEquals(Set.of(), ids(search, "isrc:USAT21500001"), "a prefix of an ISRC is not that ISRC");
            assertEquals(Set.of(ids.get(1), ids.get(3)), ids(search, "isrc:QMDA61500001"));
            assertEquals(Set.of(ids.get(1), ids.get(3)), ids(search, "isrc:qmda61500001"));
            assertEquals("QMDA61500001", c.track(ids.get(3)).orElseThrow().isrc(), "the track keeps the dump's ISRC");
        }
    }
}
