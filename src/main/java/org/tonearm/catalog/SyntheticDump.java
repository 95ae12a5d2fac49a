package org.tonearm.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a synthetic dump with the real dump's layout and quirks at any size, deterministic for a seed:
 * duplicate link and image rows, a few exact duplicate tracks, appears-on and implicit appears-on rows, VARCHAR
 * audio features with null responses, null preview URLs, shared ISRCs, unicode names, a markets table, skewed
 * popularity and realistic album sizes. DuckDB generates and writes it, so 50M tracks take minutes.
 */
public final class SyntheticDump {
    private static final Logger log = LoggerFactory.getLogger(SyntheticDump.class);
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static final List<String> SYLLABLES = List.of("ka", "lo", "mi", "ra", "ven", "tor", "sil", "ba", "nu", "que",
        "dra", "mon", "fel", "ix", "zu", "par", "ell", "shi", "gor", "an", "bé", "rö", "sø", "ça", "ñe", "lu", "tra", "vo",
        "ki", "mar", "den", "jo", "cy", "phe", "rin", "oss", "bel", "wy", "ha", "dun", "gla", "ést", "fjö", "ze", "pri",
        "cor", "sa", "lim", "ob", "ter");
    private static final List<String> WORDS = List.of("Love", "Night", "Heart", "Dance", "Fire", "Blue", "Monday",
        "Dream", "Light", "Rain", "Summer", "Gold", "Wild", "Home", "River", "Sky", "Song", "Time", "Road", "Moon",
        "Beyoncé", "Ümlaut", "Café", "Ægir", "Straße", "Łódź", "Sigur", "Rós", "Мечта", "Кино", "東京", "夜", "Señorita",
        "Naïve", "Über", "Crème", "Smörgås", "Ōkami", "Ça", "Vía");
    private static final List<String> GENRES = List.of("trance", "progressive trance", "progressive house", "techno",
        "deep house", "indie rock", "alternative rock", "pop", "dance pop", "hip hop", "rap", "trap", "jazz", "bebop",
        "classical", "baroque", "metal", "death metal", "punk", "post-punk", "new wave", "synthpop", "soul", "funk",
        "r&b", "reggae", "dub", "drum and bass", "dubstep", "ambient", "folk", "country", "blues", "k-pop", "j-pop",
        "latin", "reggaeton", "chanson", "schlager", "mpb");
    private static final String MARKETS_ALL = "AR,AU,AT,BE,BO,BR,BG,CA,CL,CO,CR,CY,CZ,DK,DO,DE,EC,EE,SV,FI,FR,GR,GT,"
        + "HN,HK,HU,IS,IE,IT,LV,LT,LU,MY,MT,MX,NL,NZ,NI,NO,PA,PY,PE,PH,PL,PT,SG,SK,ES,SE,CH,TW,TR,UY,US,GB,AD,LI,MC,ID,"
        + "JP,TH,VN,RO,IL,ZA,SA,AE,BH,QA,OM,KW,EG,MA,DZ,TN,LB,JO,PS,IN,KZ,MD,UA,AL,BA,HR,ME,MK,RS,SI,KR,BD,PK,LK,GH,KE";

    private SyntheticDump() {
    }

    /**
     * Writes the ten tables into {@code out}. Tables of more than {@code splitRows} rows become folders of parts.
     */
    public static void generate(Path out, long tracks, long seed, long splitRows) throws IOException {
        if (tracks < 1) {
            throw new IllegalArgumentException("--tracks must be at least 1");
        }
        Files.createDirectories(out);
        long artists = Math.max(20, tracks / 12);
        long candidates = tracks / 2 + 64;
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET preserve_insertion_order=true");
            long heap = Runtime.getRuntime().maxMemory() / (1024 * 1024);
            long physical = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize() / (1024 * 1024);
            s.execute("SET memory_limit='" + Math.max(512, Math.min(8192, (physical - heap) / 2)) + "MB'");
            s.execute("SET enable_progress_bar=false");
            s.execute("SET temp_directory='" + DumpReader.sqlString(out.resolve(".gen.tmp").toString()) + "'");
            String sd = Long.toString(seed);
            s.execute("CREATE MACRO u(i, salt) AS (hash(i, salt, " + sd + ") % 1000003) / 1000003.0");
            s.execute("CREATE MACRO pick(arr, i, salt) AS arr[1 + (hash(i, salt, " + sd + ") % len(arr))::BIGINT]");
            s.execute("CREATE MACRO sid(i, salt) AS array_to_string(list_transform(range(22), lambda p: substr('" + ALPHABET
                + "', 1 + (hash(i, salt, p, " + sd + ") % 62)::BIGINT, 1)), '')");
            s.execute("CREATE MACRO word(i, salt) AS CASE WHEN u(i, salt || 'w') < 0.3 THEN pick(" + list(WORDS)
                + ", i, salt || 'x') ELSE upper(substr(pick(" + list(SYLLABLES) + ", i, salt || 'a'), 1, 1)) || substr(pick("
                + list(SYLLABLES) + ", i, salt || 'a'), 2) || pick(" + list(SYLLABLES) + ", i, salt || 'b') || CASE WHEN u(i, salt || 'c') < 0.5 THEN pick("
                + list(SYLLABLES) + ", i, salt || 'd') ELSE '' END END");
            s.execute("CREATE MACRO title(i, salt) AS word(i, salt || '1') || CASE WHEN u(i, salt || 'n') < 0.8 THEN ' ' || word(i, salt || '2') ELSE '' END"
                + " || CASE WHEN u(i, salt || 'n') < 0.35 THEN ' ' || word(i, salt || '3') ELSE '' END"
                + " || CASE WHEN u(i, salt || 'm') < 0.06 THEN ' - Remix' WHEN u(i, salt || 'm') < 0.09 THEN ' (Live)' ELSE '' END");

            s.execute("CREATE TABLE markets AS SELECT * FROM (VALUES (1, 'unavailable'), (3, '" + MARKETS_ALL + "'), (8, '"
                + MARKETS_ALL.replace("US,", "") + "'), (27, 'DE,AT,CH'), (8382, '" + MARKETS_ALL.replace(",GB,", ",")
                + "'), (9001, 'JP')) t(rowid, available_markets)");
            s.execute("CREATE MACRO market_of(i, salt) AS CASE WHEN u(i, salt) < 0.03 THEN 1 WHEN u(i, salt) < 0.7 THEN 3 "
                + "WHEN u(i, salt) < 0.85 THEN 8 WHEN u(i, salt) < 0.9 THEN 27 WHEN u(i, salt) < 0.98 THEN 8382 ELSE 9001 END");

            s.execute("CREATE TABLE artists AS SELECT i AS n, 100 + i * 7 AS rowid, sid(i, 'ar') AS id, "
                + "1743033600000 AS fetched_at, CASE WHEN i = 0 THEN 'Various Artists' WHEN u(i, 'an') < 0.12 THEN word(i, 'ar1') || ' & ' || word(i, 'ar2') "
                + "WHEN u(i, 'an') < 0.5 THEN word(i, 'ar1') || ' ' || word(i, 'ar2') ELSE word(i, 'ar1') END AS name, "
                + "floor(pow(u(i, 'fo'), 4) * 5000000)::BIGINT AS followers_total, floor(pow(u(i, 'po'), 2) * 90)::BIGINT AS popularity "
                + "FROM range(" + artists + ") t(i)");
            // album sizes: singles 1-4, albums 6-18, compilations 12-30; cumulative starts cut at the track count
            s.execute("CREATE TABLE album_plan AS SELECT k, kind, size, start FROM (SELECT k, kind, size, "
                + "(sum(size) OVER (ORDER BY k ROWS UNBOUNDED PRECEDING))::BIGINT - size AS start FROM (SELECT k, "
                + "CASE WHEN u(k, 'ty') < 0.45 THEN 'single' WHEN u(k, 'ty') < 0.93 THEN 'album' ELSE 'compilation' END AS kind, "
                + "CASE WHEN u(k, 'ty') < 0.45 THEN 1 + floor(u(k, 'sz') * 4) WHEN u(k, 'ty') < 0.93 THEN 6 + floor(u(k, 'sz') * 13) "
                + "ELSE 12 + floor(u(k, 'sz') * 19) END::BIGINT AS size FROM range(" + candidates + ") t(k))) WHERE start < " + tracks);
            s.execute("CREATE TABLE albums AS SELECT k, 1000 + k * 11 AS rowid, sid(k, 'al') AS id, 1741824000000 AS fetched_at, "
                + "title(k, 'al') AS name, kind AS album_type, market_of(k, 'am') AS available_markets_rowid, "
                + "lpad(CAST(hash(k, 'upc', " + sd + ") % 1000000000000 AS VARCHAR), 12, '0') AS external_id_upc, "
                + "'© ' || (1960 + (hash(k, 'yr', " + sd + ") % 66)) || ' ' || word(k, 'lab') || ' Records' AS copyright_c, "
                + "'℗ ' || (1960 + (hash(k, 'yr', " + sd + ") % 66)) || ' ' || word(k, 'lab') || ' Records' AS copyright_p, "
                + "word(k, 'lab') || ' Records' AS label, floor(pow(u(k, 'pop'), 2) * 85)::BIGINT AS popularity, "
                + "CASE WHEN u(k, 'pr') < 0.78 THEN strftime(DATE '1960-01-01' + INTERVAL (hash(k, 'yr', " + sd + ") % 66) YEAR + INTERVAL (hash(k, 'dy', " + sd + ") % 365) DAY, '%Y-%m-%d') "
                + "WHEN u(k, 'pr') < 0.9 THEN strftime(DATE '1960-01-01' + INTERVAL (hash(k, 'yr', " + sd + ") % 66) YEAR + INTERVAL (hash(k, 'dy', " + sd + ") % 12) MONTH, '%Y-%m') "
                + "ELSE CAST(1960 + (hash(k, 'yr', " + sd + ") % 66) AS VARCHAR) END AS release_date, "
                + "CASE WHEN u(k, 'pr') < 0.78 THEN 'day' WHEN u(k, 'pr') < 0.9 THEN 'month' ELSE 'year' END AS release_date_precision, "
                + "least(size, " + tracks + " - start)::BIGINT AS total_tracks, CASE WHEN u(k, 'amg') < 0.02 THEN 'R' || (hash(k, 'amg', " + sd + ") % 1000000) ELSE NULL END AS external_id_amgid, "
                + "CASE WHEN kind = 'compilation' THEN 0 ELSE 1 + floor(pow(u(k, 'ma'), 2) * (" + artists + " - 1))::BIGINT END AS main_artist, "
                + "CASE WHEN kind <> 'compilation' AND u(k, 'm2') < 0.12 THEN 1 + (hash(k, 'm2', " + sd + ") % (" + artists + " - 1))::BIGINT ELSE NULL END AS second_artist, "
                + "start FROM album_plan");
            s.execute("CREATE TABLE tracks AS SELECT a.k, a.start + j AS i, 5000 + (a.start + j) * 3 AS rowid, sid(a.start + j, 'tr') AS id, "
                + "1743033600000 AS fetched_at, title(a.start + j, 'tr') AS name, "
                + "CASE WHEN u(a.start + j, 'pv') < 0.15 THEN NULL ELSE 'https://p.scdn.co/mp3-preview/' || md5(CAST(a.start + j AS VARCHAR) || '" + sd + "') || '?cid=65b708073fc0480ea92a077233ca87bd' END AS preview_url, "
                + "a.rowid AS album_rowid, CASE WHEN a.total_tracks > 14 AND u(a.k, 'dc') < 0.3 THEN CASE WHEN j * 2 < a.total_tracks THEN j + 1 ELSE j + 1 - (a.total_tracks + 1) // 2 END ELSE j + 1 END AS track_number, "
                + "CASE WHEN u(a.start + j, 'is') < 0.02 AND j > 0 THEN 'US' || upper(substr(md5(CAST(a.start + j - 1 AS VARCHAR)), 1, 3)) || lpad(CAST((a.start + j - 1) % 10000000 AS VARCHAR), 7, '0') "
                + "ELSE 'US' || upper(substr(md5(CAST(a.start + j AS VARCHAR)), 1, 3)) || lpad(CAST((a.start + j) % 10000000 AS VARCHAR), 7, '0') END AS external_id_isrc, "
                + "least(100, floor(pow(u(a.start + j, 'tp'), 2.5) * 60 + a.popularity * 0.4))::BIGINT AS popularity, "
                + "market_of(a.start + j, 'tm') AS available_markets_rowid, "
                + "CASE WHEN a.total_tracks > 14 AND u(a.k, 'dc') < 0.3 AND j * 2 >= a.total_tracks THEN 2 ELSE 1 END AS disc_number, "
                + "(90000 + hash(a.start + j, 'du', " + sd + ") % 400000)::BIGINT AS duration_ms, "
                + "CASE WHEN u(a.start + j, 'ex') < 0.12 THEN 1 ELSE 0 END AS explicit, "
                + "CASE WHEN a.album_type = 'compilation' THEN 1 + (hash(a.start + j, 'ca', " + sd + ") % (" + artists + " - 1))::BIGINT ELSE a.main_artist END AS artist1, "
                + "CASE WHEN a.album_type <> 'compilation' THEN a.second_artist ELSE NULL END AS artist2, "
                + "CASE WHEN u(a.start + j, 'ft') < 0.18 THEN 1 + (hash(a.start + j, 'ft', " + sd + ") % (" + artists + " - 1))::BIGINT ELSE NULL END AS featured "
                + "FROM albums a, range(a.total_tracks) r(j)");

            // a random title can repeat within an artist's tracks ("Love" by Night, twice, under two ISRCs), which a
            // real catalog has only as versions with a distinguishing suffix; the repeats get one, so a track is
            // told apart from its artist's other tracks by its name, as on Spotify
            s.execute("CREATE MACRO folded(x) AS trim(regexp_replace(lower(strip_accents(x)), '[^\\pL\\pN]+', ' ', 'g'))");
            s.execute("CREATE TABLE tracks_versioned AS SELECT * EXCLUDE (rn) REPLACE (name || CASE WHEN rn = 1 THEN '' "
                + "WHEN rn = 2 THEN ' - Acoustic' WHEN rn = 3 THEN ' - Radio Edit' WHEN rn = 4 THEN ' - Demo' WHEN rn = 5 THEN ' - Instrumental' "
                + "ELSE ' - Take ' || (rn - 4) END AS name) FROM (SELECT t.*, row_number() OVER (PARTITION BY folded(ar.name), folded(t.name) "
                + "ORDER BY t.i) AS rn FROM tracks t JOIN artists ar ON ar.n = t.artist1)");
            s.execute("DROP TABLE tracks");
            s.execute("ALTER TABLE tracks_versioned RENAME TO tracks");

            copy(s, "SELECT rowid, available_markets FROM markets", out, "available_markets", splitRows, tracks);
            copy(s, "SELECT rowid, id, fetched_at, name, followers_total, popularity FROM artists ORDER BY hash(n, " + sd + ")",
                out, "artists", splitRows, artists);
            copy(s, "SELECT a.rowid AS artist_rowid, g.genre FROM artists a, unnest(list_distinct([" + "pick(" + list(GENRES)
                + ", a.n, 'g1'), pick(" + list(GENRES) + ", a.n, 'g2'), pick(" + list(GENRES) + ", a.n, 'g3')][1:(hash(a.n, 'gn', "
                + sd + ") % 4)::BIGINT])) g(genre) WHERE a.n > 0", out, "artist_genres", splitRows, artists * 2);
            copy(s, "SELECT a.rowid AS artist_rowid, sz.w AS width, sz.w AS height, 'https://i.scdn.co/image/ab6761610000' || sz.tag || md5(a.id) AS url "
                + "FROM artists a, (VALUES (640, 'e5eb'), (320, '5174'), (160, 'f178')) sz(w, tag) WHERE u(a.n, 'ai') < 0.85 "
                + "UNION ALL SELECT a.rowid, 640, 640, 'https://i.scdn.co/image/ab6761610000e5eb' || md5(a.id) FROM artists a WHERE u(a.n, 'ad') < 0.03 AND u(a.n, 'ai') < 0.85",
                out, "artist_images", splitRows, artists * 3);
            copy(s, "SELECT rowid, id, fetched_at, name, album_type, available_markets_rowid, external_id_upc, copyright_c, copyright_p, label, "
                + "popularity, release_date, release_date_precision, total_tracks, external_id_amgid FROM albums ORDER BY hash(k, " + sd + ")",
                out, "albums", splitRows, candidates);
            copy(s, "SELECT a.rowid AS album_rowid, sz.w AS width, sz.w AS height, 'https://i.scdn.co/image/ab67616d0000' || sz.tag || md5(a.id) AS url "
                + "FROM albums a, (VALUES (640, 'b273'), (300, '1e02'), (64, '4851')) sz(w, tag) "
                + "UNION ALL SELECT a.rowid, 300, 300, 'https://i.scdn.co/image/ab67616d00001e02' || md5(a.id) FROM albums a WHERE u(a.k, 'dup') < 0.04",
                out, "album_images", splitRows, candidates * 3);
            // album credits: own artists (index_in_album), explicit appears-on for compilation track artists,
            // implicit appears-on for featured artists; about 4% of rows written twice, as in the real dump
            s.execute("CREATE TABLE links AS "
                + "SELECT ar.rowid AS artist_rowid, a.rowid AS album_rowid, 0 AS is_appears_on, 0 AS is_implicit_appears_on, 0 AS index_in_album, a.k AS k, 0 AS o "
                + "FROM albums a JOIN artists ar ON ar.n = a.main_artist "
                + "UNION ALL SELECT ar.rowid, a.rowid, 0, 0, 1, a.k, 1 FROM albums a JOIN artists ar ON ar.n = a.second_artist "
                + "UNION ALL SELECT DISTINCT ar.rowid, a.rowid, 1, 0, NULL, a.k, 2 FROM tracks t JOIN albums a ON a.k = t.k JOIN artists ar ON ar.n = t.artist1 WHERE a.album_type = 'compilation' "
                + "UNION ALL SELECT DISTINCT ar.rowid, a.rowid, 0, 1, NULL, a.k, 3 FROM tracks t JOIN albums a ON a.k = t.k JOIN artists ar ON ar.n = t.featured "
                + "WHERE t.featured <> a.main_artist AND t.featured IS DISTINCT FROM a.second_artist");
            copy(s, "SELECT artist_rowid, album_rowid, is_appears_on, is_implicit_appears_on, index_in_album FROM ("
                + "SELECT * FROM links UNION ALL SELECT * FROM links WHERE u(album_rowid * 31 + artist_rowid, 'ld') < 0.04) "
                + "ORDER BY hash(k, " + sd + "), o", out, "artist_albums", splitRows, candidates * 2);
            s.execute("CREATE TABLE tracks_out AS SELECT * FROM tracks UNION ALL SELECT * FROM tracks WHERE u(i, 'tdup') < 0.001");
            copy(s, "SELECT rowid, id, fetched_at, name, preview_url, album_rowid, track_number, external_id_isrc, popularity, "
                + "available_markets_rowid, disc_number, duration_ms, explicit FROM tracks_out ORDER BY hash(i // 64, " + sd + "), i",
                out, "tracks", splitRows, tracks);
            copy(s, "SELECT t.rowid AS track_rowid, ar.rowid AS artist_rowid FROM (SELECT i, rowid, 0 AS o, artist1 AS a FROM tracks "
                + "UNION ALL SELECT i, rowid, 1, artist2 FROM tracks WHERE artist2 IS NOT NULL "
                + "UNION ALL SELECT i, rowid, 2, featured FROM tracks WHERE featured IS NOT NULL AND featured <> artist1 AND featured IS DISTINCT FROM artist2) t "
                + "JOIN artists ar ON ar.n = t.a ORDER BY hash(t.i // 64, " + sd + "), t.i, t.o", out, "track_artists", splitRows, tracks * 3 / 2);
            copy(s, "SELECT CAST(100000000 + i AS VARCHAR) AS rowid, id AS track_id, '1745452800000' AS fetched_at, "
                + "CASE WHEN u(i, 'nr') < 0.01 THEN '1' ELSE '0' END AS null_response, "
                + featureColumns() + " FROM tracks WHERE u(i, 'hf') < 0.97 ORDER BY hash(i // 64, " + sd + ")",
                out, "track_audio_features", splitRows, tracks);
        } catch (SQLException e) {
            throw new IOException("generating the dump failed: " + DumpReader.firstLine(e.getMessage()), e);
        }
        CatalogStore.deleteTree(out.resolve(".gen.tmp"));
        log.info("wrote a synthetic dump of {} tracks to {} in {} s", tracks, out, (System.nanoTime() - t0) / 1_000_000_000);
    }

    private static String featureColumns() {
        String nr = "u(i, 'nr') < 0.01";
        return String.join(", ",
            "CASE WHEN " + nr + " THEN NULL ELSE CAST(90000 + hash(i, 'du', 0) % 400000 AS VARCHAR) END AS duration_ms",
            "CASE WHEN " + nr + " THEN NULL ELSE CAST(CASE WHEN u(i, 'ts') < 0.9 THEN 4 ELSE 3 END AS VARCHAR) END AS time_signature",
            "CASE WHEN " + nr + " THEN NULL ELSE CAST(round(60 + u(i, 'te') * 140, 3) AS VARCHAR) END AS tempo",
            "CASE WHEN " + nr + " THEN NULL ELSE CAST(hash(i, 'ke', 0) % 12 AS VARCHAR) END AS \"key\"",
            "CASE WHEN " + nr + " THEN NULL ELSE CAST(hash(i, 'mo', 0) % 2 AS VARCHAR) END AS mode",
            "CASE WHEN " + nr + " THEN NULL ELSE CAST(round(u(i, 'da'), 3) AS VARCHAR) END AS danceability",
            "CASE WHEN " + nr + " THEN NULL ELSE CAST(round(u(i, 'en'), 3) AS VARCHAR) END AS energy",
            "CASE WHEN " + nr + " THEN NULL ELSE CAST(round(-30 + u(i, 'lo') * 30, 3) AS VARCHAR) END AS loudness",
            "CASE WHEN " + nr + " THEN NULL ELSE CAST(round(u(i, 'sp') * 0.5, 4) AS VARCHAR) END AS speechiness",
            "CASE WHEN " + nr + " THEN NULL ELSE CAST(round(pow(u(i, 'ac'), 3), 6) AS VARCHAR) END AS acousticness",
            "CASE WHEN " + nr + " THEN NULL ELSE CAST(round(pow(u(i, 'in'), 4), 6) AS VARCHAR) END AS instrumentalness",
            "CASE WHEN " + nr + " THEN NULL ELSE CAST(round(u(i, 'li') * 0.8, 4) AS VARCHAR) END AS liveness",
            "CASE WHEN " + nr + " THEN NULL ELSE CAST(round(u(i, 'va'), 3) AS VARCHAR) END AS valence");
    }

    private static void copy(Statement s, String query, Path out, String table, long splitRows, long estimatedRows)
        throws SQLException, IOException {
        if (estimatedRows > splitRows) {
            Path dir = out.resolve(table);
            CatalogStore.deleteTree(dir);
            s.execute("COPY (" + query + ") TO '" + DumpReader.sqlString(dir.toString())
                + "' (FORMAT parquet, COMPRESSION zstd, FILE_SIZE_BYTES '256MB', FILENAME_PATTERN 'part-{i}')");
        } else {
            Path file = out.resolve(table + ".parquet");
            Files.deleteIfExists(file);
            s.execute("COPY (" + query + ") TO '" + DumpReader.sqlString(file.toString()) + "' (FORMAT parquet, COMPRESSION zstd)");
        }
        log.info("generate: {} written", table);
    }

    private static String list(List<String> items) {
        StringBuilder b = new StringBuilder("[");
        for (String w : items) {
            if (b.length() > 1) {
                b.append(", ");
            }
            b.append('\'').append(w.replace("'", "''")).append('\'');
        }
        return b.append(']').toString();
    }
}
