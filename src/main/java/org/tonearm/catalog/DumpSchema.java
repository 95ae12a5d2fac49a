package org.tonearm.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ten tables of the Anna's Archive Spotify dump and the columns the importer needs from each. */
final class DumpSchema {
    private DumpSchema() {
    }

    /** What a column must hold. */
    enum Kind {
        /** An integer of any width. */
        INTEGER,
        /** Text. */
        TEXT,
        /** Text or a number: the audio features are VARCHAR in the dump, numeric in a cleaned copy. */
        TEXT_OR_NUMBER;

        boolean accepts(String duckType) {
            String t = duckType.toUpperCase(java.util.Locale.ROOT);
            boolean integer = t.equals("BIGINT") || t.equals("INTEGER") || t.equals("SMALLINT") || t.equals("TINYINT")
                || t.equals("HUGEINT") || t.startsWith("UBIGINT") || t.startsWith("UINTEGER") || t.startsWith("USMALLINT")
                || t.startsWith("UTINYINT");
            boolean text = t.equals("VARCHAR");
            boolean number = integer || t.equals("DOUBLE") || t.equals("FLOAT") || t.startsWith("DECIMAL");
            return switch (this) {
                case INTEGER -> integer;
                case TEXT -> text;
                case TEXT_OR_NUMBER -> text || number;
            };
        }

        String expected() {
            return switch (this) {
                case INTEGER -> "an integer (BIGINT)";
                case TEXT -> "text (VARCHAR)";
                case TEXT_OR_NUMBER -> "text (VARCHAR) or a number";
            };
        }
    }

    static final List<String> FEATURE_COLUMNS = List.of("duration_ms", "time_signature", "tempo", "key", "mode",
        "danceability", "energy", "loudness", "speechiness", "acousticness", "instrumentalness", "liveness", "valence");
    /** The feature columns that are whole numbers (kept as integers, not scaled decimals). */
    static final java.util.Set<String> INTEGER_FEATURES = java.util.Set.of("duration_ms", "time_signature", "key", "mode");

    static final Map<String, Map<String, Kind>> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("available_markets", cols("rowid", Kind.INTEGER, "available_markets", Kind.TEXT));
        TABLES.put("artists", cols("rowid", Kind.INTEGER, "id", Kind.TEXT, "fetched_at", Kind.INTEGER, "name", Kind.TEXT,
            "followers_total", Kind.INTEGER, "popularity", Kind.INTEGER));
        TABLES.put("artist_genres", cols("artist_rowid", Kind.INTEGER, "genre", Kind.TEXT));
        TABLES.put("artist_images", cols("artist_rowid", Kind.INTEGER, "width", Kind.INTEGER, "height", Kind.INTEGER,
            "url", Kind.TEXT));
        TABLES.put("albums", cols("rowid", Kind.INTEGER, "id", Kind.TEXT, "fetched_at", Kind.INTEGER, "name", Kind.TEXT,
            "album_type", Kind.TEXT, "available_markets_rowid", Kind.INTEGER, "external_id_upc", Kind.TEXT,
            "copyright_c", Kind.TEXT, "copyright_p", Kind.TEXT, "label", Kind.TEXT, "popularity", Kind.INTEGER,
            "release_date", Kind.TEXT, "release_date_precision", Kind.TEXT, "total_tracks", Kind.INTEGER,
            "external_id_amgid", Kind.TEXT));
        TABLES.put("album_images", cols("album_rowid", Kind.INTEGER, "width", Kind.INTEGER, "height", Kind.INTEGER,
            "url", Kind.TEXT));
        TABLES.put("artist_albums", cols("artist_rowid", Kind.INTEGER, "album_rowid", Kind.INTEGER,
            "is_appears_on", Kind.INTEGER, "is_implicit_appears_on", Kind.INTEGER, "index_in_album", Kind.INTEGER));
        TABLES.put("tracks", cols("rowid", Kind.INTEGER, "id", Kind.TEXT, "fetched_at", Kind.INTEGER, "name", Kind.TEXT,
            "preview_url", Kind.TEXT, "album_rowid", Kind.INTEGER, "track_number", Kind.INTEGER,
            "external_id_isrc", Kind.TEXT, "popularity", Kind.INTEGER, "available_markets_rowid", Kind.INTEGER,
            "disc_number", Kind.INTEGER, "duration_ms", Kind.INTEGER, "explicit", Kind.INTEGER));
        TABLES.put("track_artists", cols("track_rowid", Kind.INTEGER, "artist_rowid", Kind.INTEGER));
        Map<String, Kind> features = new LinkedHashMap<>();
        features.put("rowid", Kind.TEXT_OR_NUMBER);
        features.put("track_id", Kind.TEXT);
        features.put("fetched_at", Kind.TEXT_OR_NUMBER);
        features.put("null_response", Kind.TEXT_OR_NUMBER);
        for (String c : FEATURE_COLUMNS) {
            features.put(c, Kind.TEXT_OR_NUMBER);
        }
        TABLES.put("track_audio_features", features);
    }

    private static Map<String, Kind> cols(Object... kv) {
        Map<String, Kind> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Kind) kv[i + 1]);
        }
        return m;
    }
}
