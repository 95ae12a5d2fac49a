package org.tonearm.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.FeatureField;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexOrDocValuesQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryRescorer;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.TermQuery;

/**
 * Runs a parsed Spotify search over the catalog. Every word must match somewhere (any order), a word of five or
 * more letters (four, so a word that lost a letter to the typo still qualifies) also matches with one typo, phrases match in order, filters narrow; ranking is BM25 text relevance
 * plus popularity, with whole-phrase matches in a name boosted so exact matches come first.
 */
public final class CatalogSearch {
    /** Spotify's search window: offset at most 1000, limit at most 50. */
    public static final int MAX_OFFSET = 1000;
    public static final int MAX_LIMIT = 50;
    private static final int FUZZY_MIN_LENGTH = 4;
    /** How many of the best candidates by text and popularity the exact-match boosts rescore. */
    private static final int RESCORE_WINDOW = 200;

    private final Catalog catalog;
    private final Analyzer analyzer = Fields.analyzer();
    private volatile Integer hipsterPopularity;

    public CatalogSearch(Catalog catalog) {
        this.catalog = catalog;
    }

    /** Searches the types asked; {@code offset} and {@code limit} apply to each type. */
    public SearchResults search(SearchQuery q, Set<SearchQuery.Type> types, int offset, int limit) {
        Page<Track> tracks = null;
        Page<Album> albums = null;
        Page<Artist> artists = null;
        if (types.contains(SearchQuery.Type.TRACK)) {
            List<Track> items = new ArrayList<>();
            Map<String, Album> cache = new HashMap<>();
            long total = run(catalog.tracksIndex(), q, SearchQuery.Type.TRACK, offset, limit,
                b -> items.add(catalog.decodeTrack(b, cache)));
            tracks = new Page<>(items, total, offset, limit);
        }
        if (types.contains(SearchQuery.Type.ALBUM)) {
            List<Album> items = new ArrayList<>();
            long total = run(catalog.albumsIndex(), q, SearchQuery.Type.ALBUM, offset, limit,
                b -> items.add(catalog.decodeAlbum(b)));
            albums = new Page<>(items, total, offset, limit);
        }
        if (types.contains(SearchQuery.Type.ARTIST)) {
            List<Artist> items = new ArrayList<>();
            long total = run(catalog.artistsIndex(), q, SearchQuery.Type.ARTIST, offset, limit,
                b -> items.add(EntityCodec.artist(b)));
            artists = new Page<>(items, total, offset, limit);
        }
        return new SearchResults(tracks, albums, artists);
    }

    private long run(Catalog.Index index, SearchQuery q, SearchQuery.Type type, int offset, int limit,
                     java.util.function.Consumer<byte[]> each) {
        long total = run(index, q, type, offset, limit, each, false);
        // a typo can spell another word the catalog holds, which is then matched exactly and finds nothing: only
        // then are all words also matched with one edit
        return total == 0 ? run(index, q, type, offset, limit, each, true) : total;
    }

    private long run(Catalog.Index index, SearchQuery q, SearchQuery.Type type, int offset, int limit,
                     java.util.function.Consumer<byte[]> each, boolean typos) {
        Query match = matchQuery(index, q, type, typos);
        if (match == null) {
            return 0;
        }
        Query ranked = new BooleanQuery.Builder().add(match, Occur.MUST)
            .add(FeatureField.newSaturationQuery(Fields.FEATURE, Fields.FEATURE_POPULARITY, 2f, 25f), Occur.SHOULD).build();
        Query exact = exactBoost(index, q, type, typos);
        try {
            int n = Math.max(1, offset + limit);
            // the exact-match clauses (phrases, artist/title splits) are the costly part of the score and only add
            // to it, so they rescore the best candidates of the cheaper text + popularity score instead of scoring
            // every match; the cheaper score can then skip blocks (TOP_SCORES) rather than visit all matches
            TopDocs top = index.searcher.search(ranked, exact == null ? n : Math.max(n, RESCORE_WINDOW));
            if (exact != null) {
                top = new QueryRescorer(exact) {
                    @Override
                    protected float combine(float firstPassScore, boolean secondPassMatches, float secondPassScore) {
                        return secondPassMatches ? firstPassScore + secondPassScore : firstPassScore;
                    }
                }.rescore(index.searcher, top, n);
            }
            ScoreDoc[] hits = top.scoreDocs;
            for (int i = offset; i < hits.length && i < offset + limit; i++) {
                each.accept(index.data(hits[i].doc));
            }
            return top.totalHits.relation() == TotalHits.Relation.EQUAL_TO ? top.totalHits.value() : index.count(match);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The query that decides which documents match, or null when none can. */
    Query matchQuery(Catalog.Index index, SearchQuery q, SearchQuery.Type type, boolean typos) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        int positive = 0;
        for (SearchQuery.Group g : q.groups()) {
            List<Query> alternatives = new ArrayList<>();
            for (SearchQuery.Term t : g.anyOf()) {
                Query tq = term(index, t, type, typos);
                if (tq != null) {
                    alternatives.add(tq);
                }
            }
            if (alternatives.isEmpty()) {
                continue;
            }
            Query group = alternatives.size() == 1 ? alternatives.getFirst() : or(alternatives);
            boolean scoring = g.anyOf().stream().anyMatch(t -> t instanceof SearchQuery.Text || t instanceof SearchQuery.Filter f
                && f.field() != SearchQuery.Field.ISRC && f.field() != SearchQuery.Field.UPC && f.field() != SearchQuery.Field.GENRE);
            b.add(group, scoring ? Occur.MUST : Occur.FILTER);
            positive++;
        }
        if (positive == 0) {
            return null;
        }
        for (SearchQuery.Term t : q.excluded()) {
            Query tq = term(index, t, type, typos);
            if (tq != null) {
                b.add(tq, Occur.MUST_NOT);
            }
        }
        return b.build();
    }

    private static Query or(List<Query> qs) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        qs.forEach(q -> b.add(q, Occur.SHOULD));
        return b.build();
    }

    /** One term for one type; null when the filter does not apply to that type (Spotify ignores it there). */
    private Query term(Catalog.Index index, SearchQuery.Term t, SearchQuery.Type type, boolean typos) {
        return switch (t) {
            case SearchQuery.Text text -> text(index, text.value(), text.phrase(), textFields(type), typos);
            case SearchQuery.Filter f -> filter(index, f, type, typos);
            case SearchQuery.Year y -> type == SearchQuery.Type.ARTIST ? null
                : range(Fields.RELEASED, (int) LocalDate.of(clampYear(y.from()), 1, 1).toEpochDay(),
                    (int) LocalDate.of(clampYear(y.to()), 12, 31).toEpochDay());
            case SearchQuery.Tag tag -> type != SearchQuery.Type.ALBUM ? null : switch (tag) {
                case NEW -> range(Fields.RELEASED, (int) LocalDate.now().minusDays(14).toEpochDay(), Integer.MAX_VALUE);
                case HIPSTER -> range(Fields.POPULARITY, 0, hipsterPopularity());
            };
        };
    }

    /**
     * A range filter that Lucene runs from the points index when it leads and checks per document from doc values
     * when the words are more selective: a wide year range then costs nothing extra.
     */
    private static Query range(String field, int from, int to) {
        return new IndexOrDocValuesQuery(IntPoint.newRangeQuery(field, from, to),
            NumericDocValuesField.newSlowRangeQuery(field, from, to));
    }

    private static int clampYear(int y) {
        return Math.max(1, Math.min(9999, y));
    }

    private Query filter(Catalog.Index index, SearchQuery.Filter f, SearchQuery.Type type, boolean typos) {
        String v = f.value();
        return switch (f.field()) {
            case ARTIST -> switch (type) {
                case TRACK, ALBUM -> text(index, v, f.phrase(), new String[] {Fields.ARTIST_NAMES}, typos);
                case ARTIST -> text(index, v, f.phrase(), new String[] {Fields.NAME}, typos);
            };
            case ALBUM -> switch (type) {
                case TRACK -> text(index, v, f.phrase(), new String[] {Fields.ALBUM_NAME}, typos);
                case ALBUM -> text(index, v, f.phrase(), new String[] {Fields.NAME}, typos);
                case ARTIST -> null;
            };
            case TRACK -> type == SearchQuery.Type.TRACK ? text(index, v, f.phrase(), new String[] {Fields.NAME}, typos) : null;
            case GENRE -> type == SearchQuery.Type.ALBUM ? null
                : new TermQuery(new Term(Fields.GENRE, v.toLowerCase(java.util.Locale.ROOT).strip()));
            case ISRC -> type == SearchQuery.Type.TRACK
                ? new TermQuery(new Term(Fields.ISRC, v.strip().toUpperCase(java.util.Locale.ROOT))) : null;
            case UPC -> type == SearchQuery.Type.ALBUM ? new TermQuery(new Term(Fields.UPC, v.strip())) : null;
        };
    }

    private static String[] textFields(SearchQuery.Type type) {
        return switch (type) {
            case TRACK -> new String[] {Fields.NAME, Fields.ARTIST_NAMES, Fields.ALBUM_NAME};
            case ALBUM -> new String[] {Fields.NAME, Fields.ARTIST_NAMES};
            case ARTIST -> new String[] {Fields.NAME};
        };
    }

    private static final float[] FIELD_BOOSTS = {1.0f, 0.9f, 0.25f};

    /**
     * Text that must match in one of the fields: every word (any order), or the words in order for a phrase. A word
     * the index does not hold in any of the fields is taken for a typo and matches with one edit; a word it holds is
     * matched exactly, which keeps common words cheap. Text made only of punctuation matches everything else.
     */
    private Query text(Catalog.Index index, String value, boolean phrase, String[] fields, boolean typos) {
        List<String> words = tokens(value);
        if (words.isEmpty()) {
            return null;
        }
        if (phrase && words.size() > 1) {
            List<Query> perField = new ArrayList<>();
            for (int i = 0; i < fields.length; i++) {
                perField.add(new BoostQuery(new PhraseQuery(fields[i], words.toArray(String[]::new)), FIELD_BOOSTS[i]));
            }
            return new DisjunctionMaxQuery(perField, 0.1f);
        }
        // with several fields, matching runs on the one field that holds them all (a conjunction of single postings
        // lists, not of disjunctions) and the per-field clauses only score the documents it found
        boolean combined = fields.length > 1 && index.hasField(Fields.ALL);
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        for (String w : words) {
            List<Query> perField = new ArrayList<>();
            boolean typo = w.length() >= FUZZY_MIN_LENGTH
                && (typos || !index.holdsTerm(combined ? new String[] {Fields.ALL} : fields, w));
            if (combined) {
                Query match = new TermQuery(new Term(Fields.ALL, w));
                if (typo) {
                    match = new BooleanQuery.Builder().add(match, Occur.SHOULD)
                        .add(new FuzzyQuery(new Term(Fields.ALL, w), 1, 1, 32, true), Occur.SHOULD).build();
                }
                all.add(match, Occur.FILTER);
            }
            for (int i = 0; i < fields.length; i++) {
                Query exact = new TermQuery(new Term(fields[i], w));
                if (typo) {
                    Query fuzzy = new BoostQuery(new FuzzyQuery(new Term(fields[i], w), 1, 1, 32, true), 0.6f);
                    exact = new BooleanQuery.Builder().add(exact, Occur.SHOULD).add(fuzzy, Occur.SHOULD).build();
                }
                perField.add(new BoostQuery(exact, FIELD_BOOSTS[i]));
            }
            all.add(new DisjunctionMaxQuery(perField, 0.2f), combined ? Occur.SHOULD : Occur.MUST);
        }
        return all.build();
    }

    /**
     * Rewards the documents that hold the query's free text the way a person wrote it: as one phrase in the name
     * (exact matches first) and, for tracks, as "artist title" or "title artist" split at some word, so a track
     * whose artist is the first words and whose title is the rest beats one holding the same words elsewhere.
     */
    private Query exactBoost(Catalog.Index index, SearchQuery q, SearchQuery.Type type, boolean typos) {
        StringBuilder free = new StringBuilder();
        for (SearchQuery.Group g : q.groups()) {
            if (g.anyOf().size() == 1 && g.anyOf().getFirst() instanceof SearchQuery.Text t) {
                free.append(t.value()).append(' ');
            }
        }
        List<String> words = tokens(free.toString());
        if (words.size() < 2) {
            return null;
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(new BoostQuery(new PhraseQuery(2, Fields.NAME, words.toArray(String[]::new)), 2f), Occur.SHOULD);
        if (type != SearchQuery.Type.ARTIST) {
            b.add(new BoostQuery(new PhraseQuery(2, Fields.ARTIST_NAMES, words.toArray(String[]::new)), 1f), Occur.SHOULD);
        }
        if (type == SearchQuery.Type.TRACK && words.size() <= 8) {
            for (int split = 1; split < words.size(); split++) {
                String head = String.join(" ", words.subList(0, split));
                String tail = String.join(" ", words.subList(split, words.size()));
                b.add(new BoostQuery(both(text(index, head, false, new String[] {Fields.ARTIST_NAMES}, typos),
                    text(index, tail, false, new String[] {Fields.NAME}, typos)), 3f), Occur.SHOULD);
                b.add(new BoostQuery(both(text(index, head, false, new String[] {Fields.NAME}, typos),
                    text(index, tail, false, new String[] {Fields.ARTIST_NAMES}, typos)), 2f), Occur.SHOULD);
            }
        }
        return b.build();
    }

    private static Query both(Query a, Query b) {
        return new BooleanQuery.Builder().add(a, Occur.MUST).add(b, Occur.MUST).build();
    }

    /** The analyzer's tokens for a value (the same folding the index used). */
    List<String> tokens(String value) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream(Fields.NAME, value)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken() && out.size() < SearchQuery.MAX_TERMS) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The popularity at or below which an album is among the least popular tenth (tag:hipster). */
    private int hipsterPopularity() {
        Integer p = hipsterPopularity;
        if (p == null) {
            long[] histogram = new long[101];
            long n = 0;
            try {
                for (LeafReaderContext leaf : catalog.albumsIndex().reader.leaves()) {
                    NumericDocValues dv = leaf.reader().getNumericDocValues(Fields.POPULARITY);
                    if (dv == null) {
                        continue;
                    }
                    while (dv.nextDoc() != NumericDocValues.NO_MORE_DOCS) {
                        histogram[(int) Math.max(0, Math.min(100, dv.longValue()))]++;
                        n++;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            long seen = 0;
            int value = 0;
            for (int i = 0; i <= 100; i++) {
                seen += histogram[i];
                if (seen * 10 >= n) {
                    value = i;
                    break;
                }
            }
            hipsterPopularity = p = value;
        }
        return p;
    }
}
