package org.tonearm.catalog;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;

/** Field names of the catalog's Lucene indexes and the one analyzer both import and search use. */
final class Fields {
    private Fields() {
    }

    static final String TRACKS = "tracks";
    static final String ALBUMS = "albums";
    static final String ARTISTS = "artists";
    static final String FEATURES = "features";

    /** The entity's id (keyword). */
    static final String ID = "id";
    /** The encoded entity (stored bytes, in catalogs written before record files). */
    static final String DATA = "d";
    /** The address of the document's record in the index's {@link RecordFile} (doc values). */
    static final String RECORD = "rec";
    /** Entity name (text). */
    static final String NAME = "name";
    /** Names of the entity's artists (text). */
    static final String ARTIST_NAMES = "artist_names";
    /** Every searchable name of the entity in one field, for matching (text, no positions). */
    static final String ALL = "all";
    /** Album name on a track (text). */
    static final String ALBUM_NAME = "album_name";
    /** Artist ids: the track's artists, or the album's own artists (keyword). */
    static final String ARTIST = "artist";
    /** Artist ids appearing on an album without being its own artist (keyword). */
    static final String APPEARS = "appears";
    /** Album id of a track (keyword). */
    static final String ALBUM = "album";
    /** ISRCs that {@link #isrcCode} cannot encode (keyword); catalogs before format 5 hold every ISRC here. */
    static final String ISRC = "isrc";
    /** ISRCs as {@link #isrcCode} numbers (long point). */
    static final String ISRC_CODE = "isrc_n";
    static final String UPC = "upc";
    /** Folded genre names (keyword). */
    static final String GENRE = "genre";
    /** Album type (keyword). */
    static final String TYPE = "type";
    /** Release date as epoch day (int point and doc values). */
    static final String RELEASED = "released";
    /** Popularity (int point and doc values). */
    static final String POPULARITY = "popularity";
    /** Feature field holding popularity for ranking. */
    static final String FEATURE = "f";
    static final String FEATURE_POPULARITY = "pop";
    /** disc * 10000 + track (doc values) for album order. */
    static final String POSITION = "pos";

    /**
     * The document order of the tracks and albums indexes: by release day, undated first (ties keep import order,
     * so an album's tracks stay neighbours). A year filter is then a range of document numbers in each segment,
     * which bounds the words' conjunction instead of being checked on every candidate.
     */
    static Sort releasedOrder() {
        SortField f = new SortField(RELEASED, SortField.Type.INT);
        f.setMissingValue(Integer.MIN_VALUE);
        return new Sort(f);
    }

    /**
     * An ISRC's 12 characters (digits and upper-case letters) read as one base-36 number, or -1 when the text is
     * anything else. 36^12 fits in a long, so the code is exact: two ISRCs share it only when they are equal. As a
     * number in a points index rather than a keyword term unique to almost every track, it cut the tracks phase of a
     * 10M-track import by 8-9% of its CPU.
     */
    static long isrcCode(String isrc) {
        if (isrc.length() != 12) {
            return -1;
        }
        long code = 0;
        for (int i = 0; i < 12; i++) {
            char c = isrc.charAt(i);
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'Z' ? c - 'A' + 10 : -1;
            if (digit < 0) {
                return -1;
            }
            code = code * 36 + digit;
        }
        return code;
    }

    /** An ISRC as the index holds it and a search looks it up: trimmed and upper-cased. */
    static String isrc(String text) {
        return text.strip().toUpperCase(java.util.Locale.ROOT);
    }

    /** Text fields: folded words with positions (phrases) and no frequencies beyond what BM25 needs. */
    static final FieldType TEXT;

    static {
        FieldType t = new FieldType();
        t.setTokenized(true);
        t.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);
        t.setOmitNorms(false);
        t.freeze();
        TEXT = t;
    }

    /** The match-only field: words and frequencies, no positions or norms. */
    static final FieldType MATCH;

    static {
        FieldType t = new FieldType();
        t.setTokenized(true);
        t.setIndexOptions(IndexOptions.DOCS);
        t.setOmitNorms(true);
        t.freeze();
        MATCH = t;
    }

    /**
     * Lower-cased, accent-folded standard tokens: "Beyoncé" and "beyonce" index alike. {@link NameTokenizer} makes
     * the same tokens as StandardTokenizer, LowerCaseFilter and ASCIIFoldingFilter in a row, faster.
     */
    static Analyzer analyzer() {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                return new TokenStreamComponents(new NameTokenizer());
            }

            @Override
            protected TokenStream normalize(String fieldName, TokenStream in) {
                return new ASCIIFoldingFilter(new LowerCaseFilter(in));
            }
        };
    }
}
