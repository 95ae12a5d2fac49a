package org.tonearm.catalog;

/**
 * The SQL the importer runs on DuckDB, one query per entity; slice {@code p} of {@code n} reads the rows whose
 * key falls in that slice, so several connections can read one table at once.
 */
final class ImportQueries {
    private ImportQueries() {
    }

    /** Small joined tables the entity queries share: artists with their genres, albums' names and dates. */
    static final String[] PREPARE = {
        "CREATE TABLE art AS SELECT a.rowid, a.id, a.name, a.followers_total, a.popularity, g.genres "
            + "FROM t_artists a LEFT JOIN (SELECT artist_rowid, string_agg(genre, chr(31)) AS genres "
            + "FROM t_artist_genres WHERE genre IS NOT NULL GROUP BY artist_rowid) g ON g.artist_rowid = a.rowid",
        "CREATE TABLE alb AS SELECT rowid, id, name, release_date FROM t_albums"};

    /** Separates a row's fields in the one text column each query returns. */
    static final char FIELD = '\u001c';
    /** Stands for SQL NULL in that column. */
    static final String NULL = "\u0001";

    /**
     * One column holding every field: JDBC's cost is per value, so one value per row reads several times faster
     * than a dozen (measured: 1M tracks 5.9 s as columns, 1.5 s as one string). The column is the text's UTF-8
     * bytes ({@code encode}): DuckDB's driver turns a VARCHAR into a String through a CharsetDecoder over a
     * direct buffer, called back from native code for each value; bytes, split by {@link TextRow}, cost a third
     * less reading thread time (1M rows of six track fields: 0.63-0.64 s vs 0.98-1.00 s).
     */
    private static String row(String... exprs) {
        StringBuilder b = new StringBuilder("encode(concat_ws(chr(28)");
        for (String e : exprs) {
            b.append(", coalesce(CAST(").append(e).append(" AS VARCHAR), chr(1))");
        }
        return b.append("))").toString();
    }

    /**
     * The condition for slice {@code p} of {@code n} on a rowid column: rowids in runs of 4,096, so that rows
     * neighbouring in the dump (an album's tracks) stay together in one slice and so in one record block, and a
     * negative or null rowid still falls in a slice (it is never dropped unseen).
     */
    static String slice(String rowid, int n, int p) {
        return "coalesce(((" + rowid + " >> 12) % " + n + " + " + n + ") % " + n + ", 0) = " + p;
    }

    /** Artists with genres and images. */
    static String artists(int n, int p) {
        return "SELECT " + row("a.id", "a.name", "a.followers_total", "a.popularity", "a.genres", "im.images") + " FROM art a "
            + "LEFT JOIN (SELECT artist_rowid, string_agg(CAST(width AS VARCHAR) || 'x' || CAST(height AS VARCHAR) || ' ' || url, chr(31)) AS images "
            + "FROM t_artist_images WHERE " + slice("artist_rowid", n, p) + " GROUP BY artist_rowid) im ON im.artist_rowid = a.rowid "
            + "WHERE " + slice("a.rowid", n, p);
    }

    /** Albums with their own artists (by position), appears-on artist ids and images. */
    static String albums(int n, int p) {
        return "WITH aa AS (SELECT aa.album_rowid, aa.index_in_album, ar.id AS artist_id, ar.name AS artist_name, "
            + "  (coalesce(aa.is_appears_on, 0) = 0 AND coalesce(aa.is_implicit_appears_on, 0) = 0) AS own "
            + "  FROM t_artist_albums aa LEFT JOIN art ar ON ar.rowid = aa.artist_rowid WHERE " + slice("aa.album_rowid", n, p) + "), "
            + "links AS (SELECT album_rowid, "
            + "  string_agg(CAST(coalesce(index_in_album, 1000000) AS VARCHAR) || chr(29) || artist_id || chr(30) || artist_name, chr(31)) FILTER (WHERE own) AS artists, "
            + "  string_agg(artist_id, chr(31)) FILTER (WHERE NOT own) AS appears, "
            + "  count(*) FILTER (WHERE artist_id IS NULL) AS dangling FROM aa GROUP BY album_rowid), "
            + "im AS (SELECT album_rowid, string_agg(CAST(width AS VARCHAR) || 'x' || CAST(height AS VARCHAR) || ' ' || url, chr(31)) AS images "
            + "  FROM t_album_images WHERE " + slice("album_rowid", n, p) + " GROUP BY album_rowid) "
            + "SELECT " + row("al.id", "al.name", "al.album_type", "al.available_markets_rowid", "al.external_id_upc",
                "al.external_id_amgid", "al.copyright_c", "al.copyright_p", "al.label", "al.popularity", "al.release_date",
                "al.release_date_precision", "al.total_tracks", "l.artists", "l.appears", "im.images", "coalesce(l.dangling, 0)") + " "
            + "FROM t_albums al LEFT JOIN links l ON l.album_rowid = al.rowid LEFT JOIN im ON im.album_rowid = al.rowid "
            + "WHERE " + slice("al.rowid", n, p);
    }

    /** Tracks with their artists (by file position), the artists' genres and the album's name and date. */
    static String tracks(int n, int p) {
        return "WITH ta AS (SELECT t.track_rowid, "
            + "  string_agg(CAST(t.f * 1000000000000 + t.r AS VARCHAR) || chr(29) || ar.id || chr(30) || ar.name, chr(31)) AS artists, "
            + "  string_agg(ar.genres, chr(31)) AS genres, count(*) FILTER (WHERE ar.id IS NULL) AS dangling "
            + "  FROM t_track_artists t LEFT JOIN art ar ON ar.rowid = t.artist_rowid WHERE " + slice("t.track_rowid", n, p)
            + "  GROUP BY t.track_rowid) "
            + "SELECT " + row("tr.id", "tr.name", "tr.preview_url", "tr.album_rowid", "al.id", "al.name", "al.release_date",
                "tr.track_number", "tr.disc_number", "tr.duration_ms", "tr.explicit", "tr.popularity", "tr.external_id_isrc",
                "tr.available_markets_rowid", "ta.artists", "ta.genres", "coalesce(ta.dangling, 0)") + " "
            + "FROM t_tracks tr LEFT JOIN ta ON ta.track_rowid = tr.rowid LEFT JOIN alb al ON al.rowid = tr.album_rowid "
            + "WHERE " + slice("tr.rowid", n, p);
    }

    /**
     * Audio features: the dump holds them as text, DuckDB parses them (vectorized, in parallel) into integers
     * scaled by 10^6 ({@link EntityCodec}'s stored form; counts such as key and mode as plain integers). A value
     * that is no finite number comes back NULL.
     */
    static String features(int n, int p) {
        java.util.List<String> cols = new java.util.ArrayList<>(java.util.List.of("track_id", "null_response"));
        for (String c : DumpSchema.FEATURE_COLUMNS) {
            String number = "TRY_CAST(trim(CAST(\"" + c + "\" AS VARCHAR)) AS DOUBLE)";
            cols.add(DumpSchema.INTEGER_FEATURES.contains(c)
                ? "TRY_CAST(trunc(" + number + ") AS BIGINT)"
                : "TRY_CAST(round(" + number + " * " + EntityCodec.FEATURE_SCALE + ") AS BIGINT)");
        }
        return "SELECT " + row(cols.toArray(String[]::new)) + " FROM t_track_audio_features WHERE hash(track_id) % " + n + " = " + p;
    }
}
