package org.tonearm.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.StoredFieldVisitor;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * A read-only catalog: four memory-mapped Lucene indexes (tracks, albums, artists, audio features) shared by all
 * request threads. Entities are decoded from one stored field each; nothing of the catalog lives on the heap.
 */
public final class Catalog implements AutoCloseable {
    static final String META = "catalog.json";

    private final Path dir;
    private final Markets markets;
    private final Index tracks;
    private final Index albums;
    private final Index artists;
    private final Index features;
    private final JsonNode meta;
    private final AlbumTracks albumTracks;

    private final AlbumTrackTable albumTrackTable;
    /** An artist's most popular tracks, or null for catalogs that find them by searching the tracks' artist ids. */
    private final TopTrackTable topTrackTable;

    private Catalog(Path dir, Markets markets, Index tracks, Index albums, Index artists, Index features, JsonNode meta,
                    AlbumTrackTable albumTrackTable, TopTrackTable topTrackTable) {
        this.dir = dir;
        this.markets = markets;
        this.tracks = tracks;
        this.albums = albums;
        this.artists = artists;
        this.features = features;
        this.meta = meta;
        this.albumTrackTable = albumTrackTable;
        this.topTrackTable = topTrackTable;
        this.albumTracks = new AlbumTracks(this, tracks, albumTrackTable);
    }

    /** Opens a catalog folder written by {@link CatalogImporter}. */
    public static Catalog open(Path dir) throws IOException {
        Markets markets = Markets.read(dir);
        Index tr = Index.open(dir.resolve(Fields.TRACKS));
        Index al = Index.open(dir.resolve(Fields.ALBUMS));
        Index ar = Index.open(dir.resolve(Fields.ARTISTS));
        Index fe = Index.open(dir.resolve(Fields.FEATURES));
        Path metaFile = dir.resolve(META);
        JsonNode meta = Files.exists(metaFile) ? new ObjectMapper().readTree(metaFile.toFile()) : null;
        AlbumTrackTable albumTrackTable = AlbumTrackTable.open(dir.resolve(Fields.TRACKS), tr.reader, tr.records, tr.ids);
        TopTrackTable topTrackTable = TopTrackTable.open(dir.resolve(Fields.TRACKS), tr.records, tr.ids);
        return new Catalog(dir, markets, tr, al, ar, fe, meta, albumTrackTable, topTrackTable);
    }

    public Path dir() {
        return dir;
    }

    /**
     * Maps what lookups by id read (records, id tables, document, album and top track tables) into this process,
     * page by page, until done or {@code stop} says so; returns the bytes touched. Done after {@link CatalogWarmer}
     * has read the catalog into the page cache, it spares the first lookups on each page a page fault.
     */
    public long mapLookups(java.util.function.BooleanSupplier stop) {
        List<java.lang.foreign.MemorySegment> parts = new ArrayList<>();
        for (Index idx : List.of(tracks, albums, artists, features)) {
            idx.mappings(parts);
        }
        if (albumTrackTable != null) {
            parts.addAll(albumTrackTable.mappings());
        }
        if (topTrackTable != null) {
            parts.addAll(topTrackTable.mappings());
        }
        long touched = 0;
        for (java.lang.foreign.MemorySegment m : parts) {
            touched += TableFile.touch(m, stop);
            if (stop.getAsBoolean()) {
                break;
            }
        }
        return touched;
    }

    public CatalogInfo info() {
        return new CatalogInfo(tracks.size(), albums.size(), artists.size(), features.size(),
            meta == null ? null : meta.path("created_at").asText(null),
            meta != null && meta.path("demo").asBoolean(false));
    }

    /** Every market code any track or album is available in. */
    public List<String> markets() {
        return markets.all();
    }

    // ---- lookups by id ----

    public Optional<Artist> artist(String id) {
        byte[] b = artists.data(id);
        return b == null ? Optional.empty() : Optional.of(EntityCodec.artist(b));
    }

    /** Artists in the order asked, null where an id is unknown. */
    public List<Artist> artists(List<String> ids) {
        List<Artist> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            out.add(artist(id).orElse(null));
        }
        return out;
    }

    public Optional<Album> album(String id) {
        byte[] b = albums.data(id);
        return b == null ? Optional.empty() : Optional.of(EntityCodec.album(b, markets));
    }

    /** Albums in the order asked, null where an id is unknown. */
    public List<Album> albums(List<String> ids) {
        List<Album> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            out.add(album(id).orElse(null));
        }
        return out;
    }

    public Optional<Track> track(String id) {
        byte[] b = tracks.data(id);
        return b == null ? Optional.empty() : Optional.of(withAlbum(EntityCodec.track(b, markets), new HashMap<>()));
    }

    /** Tracks in the order asked, null where an id is unknown. */
    public List<Track> tracks(List<String> ids) {
        Map<String, Album> albumCache = new HashMap<>();
        List<Track> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            byte[] b = tracks.data(id);
            out.add(b == null ? null : withAlbum(EntityCodec.track(b, markets), albumCache));
        }
        return out;
    }

    public Optional<AudioFeatures> audioFeatures(String trackId) {
        byte[] b = features.data(trackId);
        return b == null ? Optional.empty() : Optional.of(EntityCodec.features(b));
    }

    /** Audio features in the order asked, null where a track has none. */
    public List<AudioFeatures> audioFeatures(List<String> trackIds) {
        List<AudioFeatures> out = new ArrayList<>(trackIds.size());
        for (String id : trackIds) {
            out.add(audioFeatures(id).orElse(null));
        }
        return out;
    }

    private Track withAlbum(EntityCodec.StoredTrack st, Map<String, Album> cache) {
        Album album = null;
        if (st.albumId() != null) {
            album = cache.computeIfAbsent(st.albumId(), id -> album(id).orElse(null));
        }
        Track t = st.track();
        return new Track(t.id(), t.name(), album, t.artists(), t.markets(), t.isrc(), t.popularity(), t.discNumber(),
            t.trackNumber(), t.durationMs(), t.explicit(), t.previewUrl());
    }

    // ---- browsing ----

    /** An album's tracks by disc and track number; empty when the album is unknown. */
    public Optional<Page<Track>> albumTracks(String albumId, int offset, int limit) {
        return album(albumId).map(a -> albumTracks(a, offset, limit));
    }

    /** The tracks of an album already looked up, by disc and track number. */
    public Page<Track> albumTracks(Album album, int offset, int limit) {
        return albumTracks.page(album, offset, limit);
    }

    /**
     * The same tracks read in place, each in turn into {@code each} (one record reused for all: valid only during
     * the call), for a writer that copies their bytes out; returns the album's track count, the page's total.
     */
    public <E extends Exception> long albumTracks(Album album, int offset, int limit, TrackRecord.Sink<E> each) throws E {
        return albumTracks.page(album, offset, limit, each);
    }

    /**
     * An artist's albums in the groups asked, group by group (album, single, compilation, appears_on), newest first
     * within a group; empty when the artist is unknown.
     */
    public Optional<Page<ArtistAlbum>> artistAlbums(String artistId, Set<AlbumGroup> groups, int offset, int limit) {
        if (artists.data(artistId) == null) {
            return Optional.empty();
        }
        Sort newest = new Sort(new SortField(Fields.RELEASED, SortField.Type.INT, true));
        List<ArtistAlbum> items = new ArrayList<>();
        long total = 0;
        long skip = offset;
        for (AlbumGroup g : EnumSet.copyOf(groups.isEmpty() ? EnumSet.allOf(AlbumGroup.class) : groups)) {
            Query q = groupQuery(artistId, g);
            long n = albums.count(q);
            total += n;
            if (items.size() < limit && skip < n) {
                int want = limit - items.size();
                albums.page(q, newest, (int) skip, want, b -> items.add(new ArtistAlbum(EntityCodec.album(b, markets), g)));
                skip = 0;
            } else {
                skip = Math.max(0, skip - n);
            }
        }
        return Optional.of(new Page<>(items, total, offset, limit));
    }

    private static Query groupQuery(String artistId, AlbumGroup g) {
        if (g == AlbumGroup.APPEARS_ON) {
            return new TermQuery(new Term(Fields.APPEARS, artistId));
        }
        return new BooleanQuery.Builder()
            .add(new TermQuery(new Term(Fields.ARTIST, artistId)), BooleanClause.Occur.FILTER)
            .add(new TermQuery(new Term(Fields.TYPE, g.wire())), BooleanClause.Occur.FILTER)
            .build();
    }

    /**
     * An artist's most popular tracks (at most {@code n}), only those playable in {@code market} when one is given;
     * empty when the artist is unknown.
     */
    public Optional<List<Track>> topTracks(String artistId, String market, int n) {
        if (artists.data(artistId) == null) {
            return Optional.empty();
        }
        Map<String, Album> cache = new HashMap<>();
        List<Track> out = new ArrayList<>();
        java.util.function.Consumer<byte[]> take = b -> {
            if (out.size() < n) {
                Track t = withAlbum(EntityCodec.track(b, markets), cache);
                if (market == null || t.markets().contains(market)) {
                    out.add(t);
                }
            }
        };
        // with a market, the most popular fifty tracks (the table's whole list) are filtered
        int window = market == null ? n : Math.max(TrackTables.TOP, n * 5);
        if (topTrackTable != null) {
            byte[][] first = new byte[1][];
            long[] top = topTrackTable.tracks(new BytesRef(artistId), track -> {
                first[0] = tracks.record(track);
                return first[0] != null && EntityCodec.trackHasArtist(first[0], artistId);
            });
            for (int i = 0; i < top.length && i < window && out.size() < n; i++) {
                take.accept(i == 0 ? first[0] : tracks.record(top[i]));
            }
            return Optional.of(out);
        }
        Query q = new TermQuery(new Term(Fields.ARTIST, artistId));
        Sort popular = new Sort(new SortField(Fields.POPULARITY, SortField.Type.INT, true));
        tracks.page(q, popular, 0, window, take::accept);
        return Optional.of(out);
    }

    // ---- search (used by CatalogSearch) ----

    Index tracksIndex() {
        return tracks;
    }

    Index albumsIndex() {
        return albums;
    }

    Index artistsIndex() {
        return artists;
    }

    TrackRecord trackRecord() {
        return new TrackRecord(markets);
    }

    Track decodeTrack(byte[] b, Map<String, Album> cache) {
        return withAlbum(EntityCodec.track(b, markets), cache);
    }

    Album decodeAlbum(byte[] b) {
        return EntityCodec.album(b, markets);
    }

    /**
     * Looks every index's first document up again by its id, the first track up in its album, and its first
     * artist's top tracks: proves ids, stored data and the album and top track tables agree.
     */
    void selfCheck() throws IOException {
        for (Index idx : List.of(tracks, albums, artists, features)) {
            if (idx.size() == 0) {
                continue;
            }
            byte[] first = idx.firstData();
            String id = new Codec.Reader(first, 0).str();
            if (idx.data(id) == null) {
                throw new IOException("verification failed: id " + id + " of " + idx.name + " cannot be found again");
            }
        }
        // the album track table was written for these very documents, and lists the first track under its album
        if (tracks.reader.numDocs() > 0) {
            EntityCodec.StoredTrack first = EntityCodec.track(tracks.firstData(), markets);
            if (albumTrackTable == null) {
                throw new IOException("verification failed: the album track table is missing or was written for other tracks");
            }
            Optional<Album> album = first.albumId() == null ? Optional.empty() : album(first.albumId());
            if (album.isPresent() && albumTracks(album.get(), 0, Integer.MAX_VALUE).items().stream()
                    .noneMatch(t -> t.id().equals(first.track().id()))) {
                throw new IOException("verification failed: track " + first.track().id() + " is missing from its album's tracks");
            }
            // top tracks come from the table unless the tracks' index has their artist ids (older catalogs)
            if (topTrackTable == null && !tracks.hasField(Fields.ARTIST)) {
                throw new IOException("verification failed: the top track table is missing or was written for other tracks");
            }
            if (!first.track().artists().isEmpty()
                && topTracks(first.track().artists().getFirst().id(), null, 1).map(List::isEmpty).orElse(false)) {
                throw new IOException("verification failed: artist " + first.track().artists().getFirst().id()
                    + " of track " + first.track().id() + " has no top tracks");
            }
        }
    }

    @Override
    public void close() throws IOException {
        tracks.close();
        albums.close();
        artists.close();
        features.close();
        if (albumTrackTable != null) {
            albumTrackTable.close();
        }
        if (topTrackTable != null) {
            topTrackTable.close();
        }
    }

    /** One Lucene index with per-thread lookup state (terms enums and stored fields are not thread-safe). */
    static final class Index implements AutoCloseable {
        final String name;
        final DirectoryReader reader;
        final IndexSearcher searcher;
        private final List<LeafReaderContext> leaves;
        private final ThreadLocal<Lookup> lookups;
        private final org.apache.lucene.index.FieldInfos fieldInfos;
        private final IdTable ids;
        /** The records and each document's address among them; both null for catalogs that keep stored fields. */
        private final RecordFile records;
        private final DocAddresses addresses;

        private Index(String name, DirectoryReader reader, IdTable ids, RecordFile records, DocAddresses addresses) {
            this.ids = ids;
            this.records = records;
            this.addresses = addresses;
            this.fieldInfos = reader == null ? org.apache.lucene.index.FieldInfos.EMPTY
                : org.apache.lucene.index.FieldInfos.getMergedFieldInfos(reader);
            this.name = name;
            this.reader = reader;
            this.searcher = reader == null ? null : new IndexSearcher(reader);
            if (searcher != null) {
                this.searcher.setQueryCache(null);
            }
            this.leaves = reader == null ? List.of() : reader.leaves();
            this.lookups = ThreadLocal.withInitial(Lookup::new);
        }

        /**
         * Opens an index: a Lucene index in {@code dir} with its record file and tables beside it, or (audio
         * features, since catalog format 3) a record file and id table alone, with no folder.
         */
        static Index open(Path dir) throws IOException {
            boolean lucene = Files.isDirectory(dir);
            RecordFile records = RecordFile.open(dir);
            if (!lucene && records == null) {
                throw new IOException("catalog index " + dir + " is missing");
            }
            DirectoryReader reader = null;
            IdTable ids = null;
            DocAddresses addresses = null;
            try {
                reader = lucene ? DirectoryReader.open(new MMapDirectory(dir)) : null;
                ids = IdTable.open(dir, reader, records);
                if (records != null) {
                    addresses = reader == null ? null : DocAddresses.open(dir, reader);
                    if (ids == null || !ids.holdsAddresses() || (reader != null && addresses == null)) {
                        throw new IOException("catalog index " + dir + " has a record file but its id or document "
                            + "tables are missing or were written for other documents; import the dump again");
                    }
                }
                return new Index(dir.getFileName().toString(), reader, ids, records, addresses);
            } catch (IOException | RuntimeException e) {
                for (AutoCloseable c : new AutoCloseable[] {ids, records, addresses, reader}) {
                    if (c != null) {
                        try {
                            c.close();
                        } catch (Exception suppressed) {
                            e.addSuppressed(suppressed);
                        }
                    }
                }
                throw e;
            }
        }

        /** How many live entities the index holds. */
        long size() {
            return reader != null ? reader.numDocs() : ids.entries();
        }

        private final class Lookup {
            final TermsEnum[] terms = new TermsEnum[leaves.size()];
            final StoredFields[] stored = new StoredFields[leaves.size()];
            PostingsEnum postings;
            final DataVisitor visitor = new DataVisitor();

            Lookup() {
                try {
                    for (int i = 0; i < leaves.size(); i++) {
                        LeafReader r = leaves.get(i).reader();
                        Terms t = r.terms(Fields.ID);
                        terms[i] = t == null ? null : t.iterator();
                        stored[i] = r.storedFields();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        /** The stored bytes of the live document with this id, or null. */
        byte[] data(String id) {
            if (id == null) {
                return null;
            }
            BytesRef term = new BytesRef(id);
            try {
                if (records != null) {
                    return ids.find(term, records::get);
                }
                if (ids != null) {
                    return ids.find(term, doc -> data((int) doc));
                }
                Lookup l = lookups.get();
                for (int i = leaves.size() - 1; i >= 0; i--) {
                    TermsEnum te = l.terms[i];
                    if (te == null || !te.seekExact(term)) {
                        continue;
                    }
                    l.postings = te.postings(l.postings, PostingsEnum.NONE);
                    Bits live = leaves.get(i).reader().getLiveDocs();
                    for (int doc = l.postings.nextDoc(); doc != PostingsEnum.NO_MORE_DOCS; doc = l.postings.nextDoc()) {
                        if (live == null || live.get(doc)) {
                            l.visitor.value = null;
                            l.stored[i].document(doc, l.visitor);
                            return l.visitor.value;
                        }
                    }
                }
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        byte[] firstData() throws IOException {
            if (reader == null) {
                return records.get(records.fileAddress(0)); // the first block's first record
            }
            for (int i = 0; i < leaves.size(); i++) {
                Bits live = leaves.get(i).reader().getLiveDocs();
                int max = leaves.get(i).reader().maxDoc();
                for (int doc = 0; doc < max; doc++) {
                    if (live == null || live.get(doc)) {
                        if (records != null) {
                            return data(leaves.get(i).docBase + doc);
                        }
                        Lookup l = lookups.get();
                        l.visitor.value = null;
                        l.stored[i].document(doc, l.visitor);
                        return l.visitor.value;
                    }
                }
            }
            return null;
        }

        /** Adds the mappings lookups read (none but the id table for catalogs that keep stored fields). */
        void mappings(List<java.lang.foreign.MemorySegment> out) {
            if (ids != null) {
                out.add(ids.mapping());
            }
            if (addresses != null) {
                out.add(addresses.mapping());
            }
            if (records != null) {
                out.add(records.mapping());
            }
        }

        /** The record at a record address (from the album track table), or null when it names none. */
        byte[] record(long address) {
            return records == null ? null : records.get(address);
        }

        /** Stored bytes of a top-level doc id (from a search). */
        byte[] data(int globalDoc) throws IOException {
            if (records != null) {
                return records.get(addresses.address(globalDoc));
            }
            Lookup l = lookups.get();
            int i = org.apache.lucene.index.ReaderUtil.subIndex(globalDoc, leaves);
            l.visitor.value = null;
            l.stored[i].document(globalDoc - leaves.get(i).docBase, l.visitor);
            return l.visitor.value;
        }

        long count(Query q) {
            try {
                return searcher.count(q);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Whether the index has this field at all (catalogs written before it was added do not). */
        boolean hasField(String field) {
            return fieldInfos.fieldInfo(field) != null;
        }

        /** How many documents hold the term in the field. */
        int docFreq(String field, String term) {
            try {
                return reader.docFreq(new Term(field, term));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        int maxDoc() {
            return reader.maxDoc();
        }

        /**
         * Visits the stored bytes of hits offset..offset+limit in sort order; returns the exact total. Collection
         * counts exactly only the first thousand hits; past that the query is counted on its own.
         */
        long page(Query q, Sort sort, int offset, int limit, java.util.function.Consumer<byte[]> each) {
            try {
                int n = Math.max(1, offset + limit);
                TopDocs top = searcher.search(q, n, sort);
                ScoreDoc[] hits = top.scoreDocs;
                for (int i = offset; i < hits.length && i < offset + limit; i++) {
                    each.accept(data(hits[i].doc));
                }
                return top.totalHits.relation() == org.apache.lucene.search.TotalHits.Relation.EQUAL_TO
                    ? top.totalHits.value() : count(q);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            if (reader != null) {
                reader.close();
            }
            if (ids != null) {
                ids.close();
            }
            if (records != null) {
                records.close();
            }
            if (addresses != null) {
                addresses.close();
            }
        }
    }

    /** Reads only the encoded entity field and stops. */
    private static final class DataVisitor extends StoredFieldVisitor {
        byte[] value;

        @Override
        public Status needsField(FieldInfo fieldInfo) {
            if (value != null) {
                return Status.STOP;
            }
            return fieldInfo.name.equals(Fields.DATA) ? Status.YES : Status.NO;
        }

        @Override
        public void binaryField(FieldInfo fieldInfo, byte[] v) {
            value = v;
        }
    }
}
