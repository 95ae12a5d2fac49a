package org.tonearm.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.FeatureField;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.queries.function.FunctionScoreQuery;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.DoubleValues;
import org.apache.lucene.search.DoubleValuesSource;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexOrDocValuesQuery;
import org.apache.lucene.search.IndexSortSortedNumericDocValuesRangeQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryRescorer;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.SynonymQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;

/**
 * Runs a parsed Spotify search over the catalog. Every word must match somewhere (any order), a word of five or
 * more letters (four, so a word that lost a letter to the typo still qualifies) also matches with one typo, phrases match in order, filters narrow; ranking is BM25 text relevance
 * plus popularity, with whole-phrase matches in a name boosted so exact matches come first, and the best 50 reordered
 * by how closely their names account for the words.
 */
public final class CatalogSearch {
    /** Spotify's search window: offset at most 1000, limit at most 50. */
    public static final int MAX_OFFSET = 1000;
    public static final int MAX_LIMIT = 50;
    private static final int FUZZY_MIN_LENGTH = 4;
    /**
     * The estimated match count up to which a search scores every match in the pass that counts them (at about a
     * microsecond a match, against 15-30 ms for a broad first pass plus its count on 10M tracks).
     */
    static final double SCORE_ALL_LIMIT = 100_000;
    /** Popularity's part of the score: {@code WEIGHT * p / (p + PIVOT)} for popularity + 1. */
    private static final float POPULARITY_WEIGHT = 2f;
    private static final float POPULARITY_PIVOT = 25f;
    /** How many of the best candidates by text and popularity the exact-match boosts rescore. */
    private static final int RESCORE_WINDOW = 200;
    /** How many of the best after rescoring the final step reorders by how closely their names match the words. */
    private static final int RERANK_WINDOW = 50;
    /** The weight of that closeness (0 to 1) against the index's score. */
    private static final float CLOSENESS_WEIGHT = 2f;

    private final Catalog catalog;
    private final double scoreAllLimit;
    private final boolean releasedOrder;
    private final Analyzer analyzer = Fields.analyzer();
    private volatile Integer hipsterPopularity;

    public CatalogSearch(Catalog catalog) {
        this(catalog, SCORE_ALL_LIMIT);
    }

    /** With the estimated match count up to which a search scores every match in the pass that counts them. */
    CatalogSearch(Catalog catalog, double scoreAllLimit) {
        this(catalog, scoreAllLimit, true);
    }

    /**
     * @param releasedOrder whether release-day filters use the release order of the segments that have it (false
     *                      filters every candidate, as for a catalog imported before that order)
     */
    CatalogSearch(Catalog catalog, double scoreAllLimit, boolean releasedOrder) {
        this.catalog = catalog;
        this.scoreAllLimit = scoreAllLimit;
        this.releasedOrder = releasedOrder;
    }

    /** Searches the types asked; {@code offset} and {@code limit} apply to each type. */
    public SearchResults search(SearchQuery q, Set<SearchQuery.Type> types, int offset, int limit) {
        Page<Track> tracks = null;
        Page<Album> albums = null;
        Page<Artist> artists = null;
        if (types.contains(SearchQuery.Type.TRACK)) {
            Map<String, Album> cache = new HashMap<>();
            tracks = run(catalog.tracksIndex(), q, SearchQuery.Type.TRACK, offset, limit, b -> catalog.decodeTrack(b, cache),
                t -> new Named(t.name(), t.artists().stream().map(ArtistRef::name).toList()));
        }
        if (types.contains(SearchQuery.Type.ALBUM)) {
            albums = run(catalog.albumsIndex(), q, SearchQuery.Type.ALBUM, offset, limit, catalog::decodeAlbum,
                a -> new Named(a.name(), a.artists().stream().map(ArtistRef::name).toList()));
        }
        if (types.contains(SearchQuery.Type.ARTIST)) {
            artists = run(catalog.artistsIndex(), q, SearchQuery.Type.ARTIST, offset, limit, EntityCodec::artist,
                a -> new Named(a.name(), List.of()));
        }
        return new SearchResults(tracks, albums, artists);
    }

    /** What the final ranking step compares with the query: an entity's name and its artists' names, first first. */
    record Named(String name, List<String> artists) {
    }

    private <T> Page<T> run(Catalog.Index index, SearchQuery q, SearchQuery.Type type, int offset, int limit,
                            Function<byte[], T> decode, Function<T, Named> named) {
        Page<T> page = run(index, q, type, offset, limit, decode, named, false);
        // a typo can spell another word the catalog holds, which is then matched exactly and finds nothing: only
        // then are all words also matched with one edit
        return page.total() == 0 ? run(index, q, type, offset, limit, decode, named, true) : page;
    }

    private <T> Page<T> run(Catalog.Index index, SearchQuery q, SearchQuery.Type type, int offset, int limit,
                            Function<byte[], T> decode, Function<T, Named> named, boolean allTypos) {
        QueryWords qw = new QueryWords(index, allTypos);
        Query match = matchQuery(index, q, type, qw);
        if (match == null) {
            return new Page<>(List.of(), 0, offset, limit);
        }
        // a query whose words are estimated to match few documents scores every match, with popularity read from
        // doc values, in the pass that counts them; a broad one lets Lucene skip blocks by the popularity feature's
        // impacts and counts apart (reading a feature's postings for each of a few thousand scattered matches cost
        // as much as all their text clauses, and the separate count as much again)
        boolean scoreAll = estimatedMatches(index, q, type != SearchQuery.Type.ARTIST, qw) <= scoreAllLimit
            && index.hasField(Fields.POPULARITY);
        Query ranked = scoreAll ? new FunctionScoreQuery(match, PopularityPlusScore.INSTANCE)
            : new BooleanQuery.Builder().add(match, Occur.MUST)
            .add(FeatureField.newSaturationQuery(Fields.FEATURE, Fields.FEATURE_POPULARITY, POPULARITY_WEIGHT, POPULARITY_PIVOT), Occur.SHOULD).build();
        List<String> words = freeWords(q);
        Query exact = words.size() < 2 ? null : exactBoost(index, words, type, qw);
        try {
            int n = Math.max(1, offset + limit);
            // the final step reorders the best RERANK_WINDOW by how closely their names match the words, so a page
            // within that window is cut from the same reordered list whatever its offset
            boolean rerank = exact != null && offset < RERANK_WINDOW;
            int wanted = rerank ? Math.max(n, RERANK_WINDOW) : n;
            // the exact-match clauses (phrases, artist/title splits) are the costly part of the score and only add
            // to it, so they rescore the best candidates of the cheaper text + popularity score instead of scoring
            // every match; the cheaper score can then skip blocks (TOP_SCORES) rather than visit all matches
            int firstPass = exact == null ? wanted : Math.max(wanted, RESCORE_WINDOW);
            TopDocs top = scoreAll ? index.searcher.search(ranked, new AllMatchesTop(firstPass))
                : index.searcher.search(ranked, firstPass);
            if (exact != null) {
                top = new QueryRescorer(exact) {
                    @Override
                    protected float combine(float firstPassScore, boolean secondPassMatches, float secondPassScore) {
                        return secondPassMatches ? firstPassScore + secondPassScore : firstPassScore;
                    }
                }.rescore(index.searcher, top, wanted);
            }
            ScoreDoc[] hits = top.scoreDocs;
            List<T> items = new ArrayList<>();
            if (rerank) {
                List<Scored<T>> window = new ArrayList<>();
                for (int i = 0; i < hits.length && i < RERANK_WINDOW; i++) {
                    T item = decode.apply(index.data(hits[i].doc));
                    window.add(new Scored<>(item, hits[i].score + CLOSENESS_WEIGHT * closeness(words, named.apply(item))));
                }
                window.sort((a, b) -> Float.compare(b.score(), a.score()));
                for (int i = offset; i < offset + limit && i < hits.length; i++) {
                    items.add(i < window.size() ? window.get(i).item() : decode.apply(index.data(hits[i].doc)));
                }
            } else {
                for (int i = offset; i < hits.length && i < offset + limit; i++) {
                    items.add(decode.apply(index.data(hits[i].doc)));
                }
            }
            long total = top.totalHits.relation() == TotalHits.Relation.EQUAL_TO ? top.totalHits.value() : index.count(match);
            return new Page<>(items, total, offset, limit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Scored<T>(T item, float score) {
    }

    /** The free text of a query (words outside filters), as the index folds it. */
    private List<String> freeWords(SearchQuery q) {
        StringBuilder free = new StringBuilder();
        for (SearchQuery.Group g : q.groups()) {
            if (g.anyOf().size() == 1 && g.anyOf().getFirst() instanceof SearchQuery.Text t) {
                free.append(t.value()).append(' ');
            }
        }
        return tokens(free.toString());
    }

    /**
     * How closely a candidate's own names account for the query's words, from 0 to 1: the share of its name's
     * words and of its first artist's words that the query holds, the share of the query's words its name and
     * artists hold (not its album's), and whether the name's words come in the query's order. The index's score
     * sees each word alone; this tells "Ñeka - Quetorter" from "Ñeka &amp; Röba - Quetorter" for "neka quetorter".
     * Words match exactly or, from four letters, with one edit, as the search itself matched them.
     */
    float closeness(List<String> query, Named c) {
        boolean[] used = new boolean[query.size()];
        List<String> name = tokens(c.name());
        int[] at = new int[name.size()];
        double nameShare = cover(name, query, used, at);
        double artistShare = 0;
        for (int i = 0; i < c.artists().size(); i++) {
            List<String> artist = tokens(c.artists().get(i));
            double share = cover(artist, query, used, null);
            if (i == 0) {
                artistShare = share;
            }
        }
        int usedCount = 0;
        for (boolean u : used) {
            usedCount += u ? 1 : 0;
        }
        boolean inOrder = true;
        int last = -1;
        for (int p : at) {
            if (p >= 0) {
                inOrder &= p > last;
                last = p;
            }
        }
        double artists = c.artists().isEmpty() ? 1 : artistShare;
        return (float) ((nameShare + artists + usedCount / (double) query.size() + (inOrder ? 0.5 : 0)) / 3.5);
    }

    /**
     * The share of {@code words} found among the query's words, each query word used once (an exact match first,
     * else one edit away); marks the ones used and, when {@code at} is given, where each word was found (or -1).
     */
    private static double cover(List<String> words, List<String> query, boolean[] used, int[] at) {
        if (words.isEmpty()) {
            return 0;
        }
        int found = 0;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            int hit = -1;
            for (int j = 0; j < query.size() && hit < 0; j++) {
                if (!used[j] && query.get(j).equals(w)) {
                    hit = j;
                }
            }
            for (int j = 0; j < query.size() && hit < 0; j++) {
                if (!used[j] && oneEdit(query.get(j), w)) {
                    hit = j;
                }
            }
            if (hit >= 0) {
                used[hit] = true;
                found++;
            }
            if (at != null) {
                at[i] = hit;
            }
        }
        return found / (double) words.size();
    }

    /** Whether two words of four letters or more are one edit apart (a letter changed, added, dropped or swapped). */
    static boolean oneEdit(String a, String b) {
        if (Math.max(a.length(), b.length()) < FUZZY_MIN_LENGTH || Math.abs(a.length() - b.length()) > 1 || a.equals(b)) {
            return false;
        }
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        if (a.length() == b.length()) {
            // changed at i, or swapped with i + 1
            return a.regionMatches(i + 1, b, i + 1, a.length() - i - 1)
                || i + 1 < a.length() && a.charAt(i) == b.charAt(i + 1) && a.charAt(i + 1) == b.charAt(i)
                && a.regionMatches(i + 2, b, i + 2, a.length() - i - 2);
        }
        String longer = a.length() > b.length() ? a : b;
        String shorter = longer == a ? b : a;
        return longer.regionMatches(i + 1, shorter, i, shorter.length() - i);
    }

    /** The query that decides which documents match, or null when none can. */
    Query matchQuery(Catalog.Index index, SearchQuery q, SearchQuery.Type type, QueryWords qw) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        boolean textLeads = textLeads(index, q, qw);
        int positive = 0;
        for (SearchQuery.Group g : q.groups()) {
            List<Query> alternatives = new ArrayList<>();
            for (SearchQuery.Term t : g.anyOf()) {
                Query tq = term(index, t, type, qw, textLeads);
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
            Query tq = term(index, t, type, qw, false);
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

    /**
     * Whether the query's required words narrow the matches far below what a range filter (a year span, say) keeps:
     * when their conjunction, estimated from each word's share of the documents as if they were independent, holds
     * at most 1/64 of the documents. A range is then checked per candidate from doc values; otherwise Lucene chooses,
     * and reads the range from the points index when that is the cheaper part.
     */
    private boolean textLeads(Catalog.Index index, SearchQuery q, QueryWords qw) {
        return index.hasField(Fields.ALL) && estimatedMatches(index, q, false, qw) <= index.maxDoc() / 64.0;
    }

    /**
     * How many documents the query's required words match, from each word's share of the documents as if they were
     * independent, and with {@code years} also its year ranges' share (other filters not counted); every document
     * when the index has no match-all field.
     */
    private double estimatedMatches(Catalog.Index index, SearchQuery q, boolean years, QueryWords qw) {
        if (!index.hasField(Fields.ALL)) {
            return index.maxDoc();
        }
        Set<String> words = new java.util.HashSet<>(freeWords(q));
        for (SearchQuery.Group g : q.groups()) {
            if (g.anyOf().size() == 1 && g.anyOf().getFirst() instanceof SearchQuery.Filter f
                && (f.field() == SearchQuery.Field.ARTIST || f.field() == SearchQuery.Field.ALBUM || f.field() == SearchQuery.Field.TRACK)) {
                words.addAll(tokens(f.value()));
            }
        }
        double matches = index.maxDoc();
        for (String w : words) {
            matches *= qw.docFreq(Fields.ALL, w) / (double) Math.max(1, index.maxDoc());
        }
        for (SearchQuery.Group g : q.groups()) {
            if (years && g.anyOf().size() == 1 && g.anyOf().getFirst() instanceof SearchQuery.Year y) {
                matches *= pointShare(index, Fields.RELEASED, (int) LocalDate.of(clampYear(y.from()), 1, 1).toEpochDay(),
                    (int) LocalDate.of(clampYear(y.to()), 12, 31).toEpochDay());
            }
        }
        return matches;
    }

    /** The share of the documents whose value is in the range, as the points index estimates it (no documents read). */
    private static double pointShare(Catalog.Index index, String field, int from, int to) {
        try {
            Weight w = index.searcher.createWeight(IntPoint.newRangeQuery(field, from, to), ScoreMode.COMPLETE_NO_SCORES, 1f);
            long cost = 0;
            for (LeafReaderContext leaf : index.reader.leaves()) {
                ScorerSupplier s = w.scorerSupplier(leaf);
                cost += s == null ? 0 : s.cost();
            }
            return Math.min(1, cost / (double) Math.max(1, index.maxDoc()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text score plus popularity from doc values, as the popularity feature's saturation query scores it. */
    static final class PopularityPlusScore extends DoubleValuesSource {
        static final PopularityPlusScore INSTANCE = new PopularityPlusScore();

        @Override
        public DoubleValues getValues(LeafReaderContext ctx, DoubleValues scores) throws IOException {
            NumericDocValues dv = DocValues.getNumeric(ctx.reader(), Fields.POPULARITY);
            return new DoubleValues() {
                private double popularity;

                @Override
                public double doubleValue() throws IOException {
                    return scores.doubleValue() + POPULARITY_WEIGHT * popularity / (popularity + POPULARITY_PIVOT);
                }

                @Override
                public boolean advanceExact(int doc) throws IOException {
                    popularity = 1 + (dv.advanceExact(doc) ? dv.longValue() : 0);
                    return scores.advanceExact(doc);
                }
            };
        }

        @Override
        public boolean needsScores() {
            return true;
        }

        @Override
        public DoubleValuesSource rewrite(IndexSearcher searcher) {
            return this;
        }

        @Override
        public boolean isCacheable(LeafReaderContext ctx) {
            return false;
        }

        @Override
        public String toString() {
            return "score+popularity";
        }

        @Override
        public boolean equals(Object o) {
            return o == this;
        }

        @Override
        public int hashCode() {
            return PopularityPlusScore.class.hashCode();
        }
    }

    /** One term for one type; null when the filter does not apply to that type (Spotify ignores it there). */
    private Query term(Catalog.Index index, SearchQuery.Term t, SearchQuery.Type type, QueryWords qw, boolean textLeads) {
        return switch (t) {
            case SearchQuery.Text text -> text(index, text.value(), text.phrase(), textFields(type), qw);
            case SearchQuery.Filter f -> filter(index, f, type, qw);
            case SearchQuery.Year y -> type == SearchQuery.Type.ARTIST ? null
                : released((int) LocalDate.of(clampYear(y.from()), 1, 1).toEpochDay(),
                    (int) LocalDate.of(clampYear(y.to()), 12, 31).toEpochDay(), textLeads);
            case SearchQuery.Tag tag -> type != SearchQuery.Type.ALBUM ? null : switch (tag) {
                case NEW -> released((int) LocalDate.now().minusDays(14).toEpochDay(), Integer.MAX_VALUE, textLeads);
                case HIPSTER -> range(Fields.POPULARITY, 0, hipsterPopularity(), textLeads);
            };
        };
    }

    /**
     * A range filter checked per candidate from doc values when the words lead, so a wide year range costs nothing
     * extra; otherwise one Lucene runs from the points index when it is the more selective part. (Lucene's own choice
     * sees only the cost of the cheapest word, and read every document of an 11-year span from the points index for
     * two common words whose conjunction held a few thousand.)
     */
    private static Query range(String field, int from, int to, boolean textLeads) {
        Query docValues = NumericDocValuesField.newSlowRangeQuery(field, from, to);
        return textLeads ? docValues : new IndexOrDocValuesQuery(IntPoint.newRangeQuery(field, from, to), docValues);
    }

    /**
     * A release-day range: in a segment sorted by release day ({@link Fields#releasedOrder}) a range of document
     * numbers, found by binary search on the doc values, that ends the words' conjunction at its last document;
     * elsewhere (catalogs imported before the sort) the range filter above.
     */
    private Query released(int from, int to, boolean textLeads) {
        Query filter = range(Fields.RELEASED, from, to, textLeads);
        return releasedOrder ? new IndexSortSortedNumericDocValuesRangeQuery(Fields.RELEASED, from, to, filter) : filter;
    }

    private static int clampYear(int y) {
        return Math.max(1, Math.min(9999, y));
    }

    private Query filter(Catalog.Index index, SearchQuery.Filter f, SearchQuery.Type type, QueryWords qw) {
        String v = f.value();
        return switch (f.field()) {
            case ARTIST -> switch (type) {
                case TRACK, ALBUM -> text(index, v, f.phrase(), new String[] {Fields.ARTIST_NAMES}, qw);
                case ARTIST -> text(index, v, f.phrase(), new String[] {Fields.NAME}, qw);
            };
            case ALBUM -> switch (type) {
                case TRACK -> text(index, v, f.phrase(), new String[] {Fields.ALBUM_NAME}, qw);
                case ALBUM -> text(index, v, f.phrase(), new String[] {Fields.NAME}, qw);
                case ARTIST -> null;
            };
            case TRACK -> type == SearchQuery.Type.TRACK ? text(index, v, f.phrase(), new String[] {Fields.NAME}, qw) : null;
            case GENRE -> type == SearchQuery.Type.ALBUM ? null
                : new TermQuery(new Term(Fields.GENRE, v.toLowerCase(java.util.Locale.ROOT).strip()));
            case ISRC -> type == SearchQuery.Type.TRACK ? isrc(v) : null;
            case UPC -> type == SearchQuery.Type.ALBUM ? new TermQuery(new Term(Fields.UPC, v.strip())) : null;
        };
    }

    /**
     * Tracks with this ISRC: from the points index when it is a well-formed one (a catalog of format 5 or later
     * holds those there), and from the keyword field, which holds the others (and, in older catalogs, all).
     */
    private static Query isrc(String value) {
        String isrc = Fields.isrc(value);
        Query term = new TermQuery(new Term(Fields.ISRC, isrc));
        long code = Fields.isrcCode(isrc);
        return code < 0 ? term : or(List.of(LongPoint.newExactQuery(Fields.ISRC_CODE, code), term));
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
    private Query text(Catalog.Index index, String value, boolean phrase, String[] fields, QueryWords qw) {
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
        // a word said twice must still only be there once (and costs its clauses once)
        words = words.stream().distinct().toList();
        // with several fields, matching runs on the one field that holds them all (a conjunction of single postings
        // lists, not of disjunctions) and the per-field clauses only score the documents it found
        boolean combined = fields.length > 1 && index.hasField(Fields.ALL);
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        for (String w : words) {
            List<Query> perField = new ArrayList<>();
            boolean typo = w.length() >= FUZZY_MIN_LENGTH
                && (qw.all || !qw.holds(combined ? new String[] {Fields.ALL} : fields, w));
            List<String> spellings = typo ? qw.spellings(w) : List.of();
            if (combined) {
                BooleanQuery.Builder match = new BooleanQuery.Builder().add(new TermQuery(new Term(Fields.ALL, w)), Occur.SHOULD);
                spellings.forEach(t -> match.add(new TermQuery(new Term(Fields.ALL, t)), Occur.SHOULD));
                all.add(match.build(), Occur.FILTER);
            }
            for (int i = 0; i < fields.length; i++) {
                Query exact = new TermQuery(new Term(fields[i], w));
                if (!spellings.isEmpty()) {
                    // the other spellings count as one word (its statistics blended), a little below the word itself
                    SynonymQuery.Builder near = new SynonymQuery.Builder(fields[i]);
                    for (String t : spellings) {
                        near.addTerm(new Term(fields[i], t));
                    }
                    exact = new BooleanQuery.Builder().add(exact, Occur.SHOULD)
                        .add(new BoostQuery(near.build(), 0.6f), Occur.SHOULD).build();
                }
                perField.add(new BoostQuery(exact, FIELD_BOOSTS[i]));
            }
            all.add(new DisjunctionMaxQuery(perField, 0.2f), combined ? Occur.SHOULD : Occur.MUST);
        }
        return all.build();
    }

    /**
     * What one search knows of its words: whether every word of four letters or more may be a typo (the retry
     * after nothing matched), the words' document counts, and each misspelt word's other spellings one edit away,
     * looked up once in the index's match-all field and shared by every field and clause that needs them. (A fuzzy
     * query per field and clause walked the terms dictionary of every segment with an automaton each time: the most
     * costly part of a search with a typo.)
     */
    static final class QueryWords {
        private static final int MAX_SPELLINGS = 32;
        final boolean all;
        private final Catalog.Index index;
        private final Map<String, List<String>> spellings = new HashMap<>();
        private final Map<String, Integer> docFreqs = new HashMap<>();

        QueryWords(Catalog.Index index, boolean all) {
            this.index = index;
            this.all = all;
        }

        /** How many documents hold the word in the field (asked once per search: each asks every segment). */
        int docFreq(String field, String word) {
            return docFreqs.computeIfAbsent(field + '\u0000' + word, k -> index.docFreq(field, word));
        }

        /** Whether one of the fields holds the word. */
        boolean holds(String[] fields, String word) {
            for (String f : fields) {
                if (docFreq(f, word) > 0) {
                    return true;
                }
            }
            return false;
        }

        /** At most 32 terms one edit from {@code word} (same first letter, a swap counts as one edit), not the word itself. */
        List<String> spellings(String word) {
            return spellings.computeIfAbsent(word, w -> {
                String field = index.hasField(Fields.ALL) ? Fields.ALL : Fields.NAME;
                List<String> out = new ArrayList<>();
                try {
                    Query rewritten = index.searcher.rewrite(new FuzzyQuery(new Term(field, w), 1, 1, MAX_SPELLINGS, true));
                    rewritten.visit(new QueryVisitor() {
                        @Override
                        public void consumeTerms(Query query, Term... terms) {
                            for (Term t : terms) {
                                String text = t.text();
                                if (!text.equals(w) && !out.contains(text)) {
                                    out.add(text);
                                }
                            }
                        }
                    });
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return out;
            });
        }
    }

    /**
     * Rewards the documents that hold the query's free text the way a person wrote it: as one phrase in the name
     * (exact matches first) and, for tracks, as "artist title" or "title artist" split at some word, so a track
     * whose artist is the first words and whose title is the rest beats one holding the same words elsewhere.
     */
    private Query exactBoost(Catalog.Index index, List<String> words, SearchQuery.Type type, QueryWords qw) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(new BoostQuery(new PhraseQuery(2, Fields.NAME, words.toArray(String[]::new)), 2f), Occur.SHOULD);
        if (type != SearchQuery.Type.ARTIST) {
            b.add(new BoostQuery(new PhraseQuery(2, Fields.ARTIST_NAMES, words.toArray(String[]::new)), 1f), Occur.SHOULD);
        }
        if (type == SearchQuery.Type.TRACK && words.size() <= 8) {
            for (int split = 1; split < words.size(); split++) {
                String head = String.join(" ", words.subList(0, split));
                String tail = String.join(" ", words.subList(split, words.size()));
                b.add(new BoostQuery(both(text(index, head, false, new String[] {Fields.ARTIST_NAMES}, qw),
                    text(index, tail, false, new String[] {Fields.NAME}, qw)), 3f), Occur.SHOULD);
                b.add(new BoostQuery(both(text(index, head, false, new String[] {Fields.NAME}, qw),
                    text(index, tail, false, new String[] {Fields.ARTIST_NAMES}, qw)), 2f), Occur.SHOULD);
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
