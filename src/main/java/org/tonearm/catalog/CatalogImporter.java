package org.tonearm.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.store.FSDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports an Anna's Archive Spotify dump into a new catalog folder: DuckDB reads and joins the parquet tables,
 * the rows are cleaned (duplicates, the dump's quirks) and written to four Lucene indexes, the result is verified,
 * and only then made current. Any failure leaves the catalog being served as it was.
 */
public final class CatalogImporter {
    private static final Logger log = LoggerFactory.getLogger(CatalogImporter.class);
    private static final char UNIT = '\u001f';
    private static final char RECORD = '\u001e';
    private static final char GROUP = '\u001d';
    private static final int BATCH = 512;

    /**
     * Tuning knobs; {@link #defaults()} fits the machine it runs on. The RAM buffer is the one writer's (tables are
     * indexed one at a time): a fifth of the heap up to 1 GB, so 10M tracks flush to a few segments and need no merge.
     */
    public record Options(long duckdbMemoryMb, int duckdbThreads, int indexThreads, double ramBufferMb) {
        public static Options defaults() {
            long physical = CatalogWarmer.physicalMemory() >> 20;
            long heap = Runtime.getRuntime().maxMemory() / (1024 * 1024);
            long duck = Math.max(512, Math.min((physical - heap) / 2, 16_384));
            int cpus = Runtime.getRuntime().availableProcessors();
            return new Options(duck, cpus, Math.max(1, cpus), Math.max(64, Math.min(1024, heap / 5.0)));
        }

        public Options withIndexThreads(int threads) {
            return new Options(duckdbMemoryMb, duckdbThreads, threads, ramBufferMb);
        }
    }

    private final Options options;
    private final ImportProgress progress;

    public CatalogImporter(Options options, ImportProgress progress) {
        this.options = options;
        this.progress = progress;
    }

    /** Imports the dump and makes it the current catalog of {@code store}; returns what was read and written. */
    public ImportReport importDump(Path dumpDir, CatalogStore store, Map<String, Object> extraMeta) throws IOException {
        Instant started = Instant.now();
        ImportReport report = new ImportReport();
        try (CatalogStore.Build build = store.begin()) {
            Path dir = build.dir();
            log.info("importing {} into {}", dumpDir, dir);
            Path tmp = dir.resolve("duckdb.tmp");
            try (DumpReader dump = DumpReader.open(dumpDir, tmp, options.duckdbMemoryMb(), options.duckdbThreads());
                 LookupTables tables = new LookupTables()) {
                Markets markets = readMarkets(dump, report);
                markets.write(dir);
                Map<String, Long> counts = new LinkedHashMap<>();
                prepare(dump);
                counts.put(Fields.ARTISTS, importArtists(dump, dir, report));
                tables.submit(() -> DocAddresses.build(dir.resolve(Fields.ARTISTS)));
                counts.put(Fields.ALBUMS, importAlbums(dump, dir, report, markets));
                tables.submit(() -> DocAddresses.build(dir.resolve(Fields.ALBUMS)));
                counts.put(Fields.TRACKS, importTracks(dump, dir, report, markets));
                tables.submit(() -> TrackTables.build(dir.resolve(Fields.TRACKS), markets));
                tables.submit(() -> DocAddresses.build(dir.resolve(Fields.TRACKS)));
                counts.put(Fields.FEATURES, importFeatures(dump, dir, report));
                countOthers(dump, report);
                CatalogStore.deleteTree(tmp);
                tables.await();
                report.elapsed(Duration.between(started, Instant.now()));
                verify(dir, counts);
                writeMeta(dir, dumpDir, counts, report, extraMeta);
            } catch (SQLException e) {
                throw new DumpException("reading the dump failed: " + DumpReader.firstLine(e.getMessage()), e);
            }
            build.publish();
        }
        log.info("import finished in {}: {} rows rejected", ImportReport.format(report.elapsed()), report.rejectedTotal());
        return report;
    }

    private Markets readMarkets(DumpReader dump, ImportReport report) throws SQLException {
        ImportReport.Table t = report.table("available_markets");
        Map<Long, List<String>> m = new HashMap<>();
        try (Statement s = dump.connection().createStatement();
             ResultSet rs = s.executeQuery("SELECT rowid, available_markets FROM t_available_markets")) {
            while (rs.next()) {
                t.rows++;
                long rowid = rs.getLong(1);
                if (rs.wasNull()) {
                    t.reject("null rowid");
                    continue;
                }
                if (m.put(rowid, Markets.parse(rs.getString(2))) != null) {
                    t.duplicate(1);
                }
            }
        }
        t.written = m.size();
        return new Markets(m);
    }

    /** Small joined tables the entity queries share: artists with their genres, albums' names and dates. */
    private void prepare(DumpReader dump) throws SQLException {
        try (Statement s = dump.connection().createStatement()) {
            for (String sql : ImportQueries.PREPARE) {
                s.execute(sql);
            }
        }
    }

    private static boolean sortedByRelease(String index) {
        return index.equals(Fields.TRACKS) || index.equals(Fields.ALBUMS);
    }

    private IndexWriterConfig config() {
        return new IndexWriterConfig(Fields.analyzer())
            .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
            .setRAMBufferSizeMB(options.ramBufferMb())
            .setUseCompoundFile(false)
            .setCodec(CatalogCodec.forIndexes());
    }

    /** The writer of an index; its segments written by {@link SortedSegments} are added as hard links. */
    private IndexWriter writer(Path dir, String name) throws IOException {
        IndexWriterConfig cfg = config();
        if (sortedByRelease(name)) {
            cfg.setIndexSort(Fields.releasedOrder());
        }
        TieredMergePolicy mp = new TieredMergePolicy();
        mp.setNoCFSRatio(0.0);
        cfg.setMergePolicy(mp);
        cfg.setMergeScheduler(new ImportMergeScheduler());
        return new IndexWriter(new LinkingDirectory(FSDirectory.open(dir.resolve(name))), cfg);
    }

    /**
     * One import thread's writer of sorted segments: never merging (each segment is written whole, in order) and
     * committing only when told, so a failed import leaves nothing half-written to add.
     */
    private IndexWriter partWriter(Path part) throws IOException {
        IndexWriterConfig cfg = config()
            .setIndexSort(Fields.releasedOrder())
            .setMergePolicy(NoMergePolicy.INSTANCE)
            .setCommitOnClose(false);
        return new IndexWriter(FSDirectory.open(part), cfg);
    }

    /** Bytes of buffered documents per thread that make one segment: the RAM buffer shared out among threads. */
    private long segmentBytes() {
        return (long) (options.ramBufferMb() * (1 << 20) / partitions());
    }

    /** Adds the threads' segments to the index (hard links: no segment is rewritten) and deletes their folders. */
    private static void addParts(IndexWriter iw, List<Path> parts) throws IOException {
        org.apache.lucene.store.Directory[] dirs = new org.apache.lucene.store.Directory[parts.size()];
        try {
            for (int i = 0; i < dirs.length; i++) {
                dirs[i] = FSDirectory.open(parts.get(i));
            }
            iw.addIndexes(dirs);
        } finally {
            org.apache.lucene.util.IOUtils.close(dirs);
        }
        for (Path part : parts) {
            CatalogStore.deleteTree(part);
        }
    }

    // ---- artists ----

    private record ArtistRow(Artist artist) {
    }

    private long importArtists(DumpReader dump, Path dir, ImportReport report) throws SQLException, IOException {
        ImportReport.Table t = report.table("artists");
        ImportReport.Table images = report.table("artist_images");
        ImportReport.Table genres = report.table("artist_genres");
        return run("artists", dump.count("artists"), t, dir, Fields.ARTISTS, dump, ImportQueries::artists, 6, rs -> {
            String id = rs.getString(1);
            if (!validId(id, t)) {
                return null;
            }
            List<String> g = splitDistinct(rs.getString(5), genres);
            return new ArtistRow(new Artist(id, nz(rs.getString(2), t, "null name"), rs.getLong(3), clampPop(rs.getLong(4)),
                g.stream().sorted().toList(), parseImages(rs.getString(6), images)));
        }, row -> row.artist().id(), (row, w, records, d) -> {
            Artist a = row.artist();
            record(d, records, EntityCodec.artist(w, a));
            d.text(Fields.NAME, a.name());
            for (String genre : a.genres()) {
                d.keyword(Fields.GENRE, genre.toLowerCase(Locale.ROOT).trim());
            }
            addPopularity(d, a.popularity());
            return true;
        });
    }

    // ---- albums ----

    private record AlbumRow(Album album, long marketsRowid, List<String> appears) {
    }

    private long importAlbums(DumpReader dump, Path dir, ImportReport report, Markets markets) throws SQLException, IOException {
        ImportReport.Table t = report.table("albums");
        ImportReport.Table links = report.table("artist_albums");
        ImportReport.Table images = report.table("album_images");
        return run("albums", dump.count("albums"), t, dir, Fields.ALBUMS, dump, ImportQueries::albums, 17, rs -> {
            String id = rs.getString(1);
            if (!validId(id, t)) {
                return null;
            }
            links.warn("artist rows naming an artist absent from the artists table", rs.getLong(17));
            long marketsRowid = marketsRowid(rs.getLong(4), rs.wasNull(), markets, t);
            List<ArtistRef> own = parseArtists(rs.getString(14), links);
            if (own.isEmpty()) {
                t.warn("albums without any known artist of their own");
            }
            Set<String> ownIds = new HashSet<>();
            own.forEach(a -> ownIds.add(a.id()));
            List<String> appears = new ArrayList<>();
            for (String a : splitDistinct(rs.getString(15), links)) {
                if (!ownIds.contains(a)) {
                    appears.add(a);
                }
            }
            String type = rs.getString(3);
            if (type == null || !(type.equals("album") || type.equals("single") || type.equals("compilation"))) {
                t.warn("album_type not album/single/compilation (kept as album)");
                type = "album";
            }
            String precision = rs.getString(12);
            if (precision == null || !(precision.equals("day") || precision.equals("month") || precision.equals("year"))) {
                precision = precisionOf(rs.getString(11));
            }
            Album album = new Album(id, nz(rs.getString(2), t, "null name"), type, own, markets.get(marketsRowid),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), clampPop(rs.getLong(10)),
                rs.getString(11), precision, (int) rs.getLong(13), parseImages(rs.getString(16), images));
            return new AlbumRow(album, marketsRowid, appears);
        }, row -> row.album().id(), (row, w, records, d) -> {
            Album a = row.album();
            record(d, records, EntityCodec.album(w, a, row.marketsRowid()));
            name(d, Fields.NAME, a.name());
            for (ArtistRef ar : a.artists()) {
                name(d, Fields.ARTIST_NAMES, ar.name());
                d.keyword(Fields.ARTIST, ar.id());
            }
            for (String ap : row.appears()) {
                d.keyword(Fields.APPEARS, ap);
            }
            d.keyword(Fields.TYPE, a.albumType());
            if (a.upc() != null) {
                d.keyword(Fields.UPC, a.upc().trim());
            }
            addDate(d, a.releaseDate());
            addPopularity(d, a.popularity());
            return true;
        });
    }

    // ---- tracks ----

    private record TrackRow(Track track, String albumId, String albumName, String releaseDate, long marketsRowid,
                            List<String> genres) {
    }

    private long importTracks(DumpReader dump, Path dir, ImportReport report, Markets markets) throws SQLException, IOException {
        ImportReport.Table t = report.table("tracks");
        ImportReport.Table links = report.table("track_artists");
        return run("tracks", dump.count("tracks"), t, dir, Fields.TRACKS, dump, ImportQueries::tracks, 17, rs -> {
            String id = rs.getString(1);
            if (!validId(id, t)) {
                return null;
            }
            links.warn("rows naming an artist absent from the artists table", rs.getLong(17));
            String albumId = rs.getString(5);
            if (albumId == null) {
                t.warn("tracks whose album is absent from the albums table (kept)");
            }
            long marketsRowid = marketsRowid(rs.getLong(14), rs.wasNull(), markets, t);
            List<ArtistRef> artists = parseArtists(rs.getString(15), links);
            if (artists.isEmpty()) {
                t.warn("tracks without any known artist (kept)");
            }
            Track track = new Track(id, nz(rs.getString(2), t, "null name"), null, artists, markets.get(marketsRowid),
                rs.getString(13), clampPop(rs.getLong(12)), (int) Math.max(1, rs.getLong(9)), (int) rs.getLong(8),
                rs.getLong(10), rs.getLong(11) != 0, rs.getString(3));
            return new TrackRow(track, albumId, rs.getString(6), rs.getString(7), marketsRowid,
                splitDistinct(rs.getString(16), null));
        }, row -> row.track().id(), (row, w, records, d) -> {
            Track tr = row.track();
            record(d, records, EntityCodec.track(w, tr, row.albumId(), row.marketsRowid()));
            name(d, Fields.NAME, tr.name());
            for (ArtistRef ar : tr.artists()) {
                name(d, Fields.ARTIST_NAMES, ar.name());
            }
            // album and artist ids, and disc and track numbers, are read from the records by TrackTables
            if (row.albumId() != null && row.albumName() != null) {
                name(d, Fields.ALBUM_NAME, row.albumName());
            }
            if (tr.isrc() != null) {
                String isrc = Fields.isrc(tr.isrc());
                long code = Fields.isrcCode(isrc);
                if (code >= 0) {
                    d.longPoint(Fields.ISRC_CODE, code);
                } else {
                    d.keyword(Fields.ISRC, isrc);
                }
            }
            for (String g : row.genres()) {
                d.keyword(Fields.GENRE, g.toLowerCase(Locale.ROOT).trim());
            }
            addDate(d, row.releaseDate());
            addPopularity(d, tr.popularity());
            return true;
        });
    }

    // ---- audio features ----

    /** A features row as DuckDB converted it: values in {@link DumpSchema#FEATURE_COLUMNS} order, scaled by 10^6. */
    private record FeatureRow(String trackId, long[] values) {
    }

    private long importFeatures(DumpReader dump, Path dir, ImportReport report) throws SQLException, IOException {
        ImportReport.Table t = report.table("track_audio_features");
        int n = DumpSchema.FEATURE_COLUMNS.size();
        return run("track_audio_features", dump.count("track_audio_features"), t, dir, Fields.FEATURES, dump, ImportQueries::features,
            2 + n, rs -> {
                String id = rs.getString(1);
                if (!validId(id, t)) {
                    return null;
                }
                String nullResponse = rs.getString(2);
                if (nullResponse != null && nullResponse.trim().equals("1")) {
                    t.warn("null_response = 1: Spotify had no features for the track (skipped)");
                    return null;
                }
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = rs.getLong(3 + i);
                    if (rs.wasNull()) {
                        t.warn("value of " + DumpSchema.FEATURE_COLUMNS.get(i) + " is not a number (row skipped)");
                        return null;
                    }
                }
                return new FeatureRow(id, v);
            }, FeatureRow::trackId, (row, w, records, d) -> {
                // no document: features are found by id alone, through the id table over their records
                byte[] record = EntityCodec.features(w, row.trackId(), row.values());
                records.add(record, 0, record.length);
                return false;
            });
    }

    private void countOthers(DumpReader dump, ImportReport report) {
        for (String table : List.of("artist_genres", "artist_images", "album_images", "artist_albums", "track_artists")) {
            ImportReport.Table t = report.table(table);
            t.rows = dump.count(table);
            t.written = -1;
        }
    }

    // ---- the pipeline ----

    /** The query reading slice {@code p} of {@code n} of a table. */
    @FunctionalInterface
    private interface Slice {
        String query(int n, int p);
    }

    @FunctionalInterface
    private interface RowReader<R> {
        R read(TextRow rs);
    }

    /**
     * Gives a row's document its fields, putting its record into {@code records} (see {@link #record}); returns
     * false for an index of records only (audio features), whose rows make no document.
     */
    @FunctionalInterface
    private interface DocBuilder<R> {
        boolean build(R row, Codec.Writer w, RecordFile.Block records, DocFields doc) throws IOException;
    }

    private int partitions() {
        return Math.max(1, options.indexThreads());
    }

    /**
     * Reads and indexes a table in {@link #partitions()} slices at once, each on its own thread and DuckDB
     * connection: one thread per slice fetches rows (JDBC's per-row cost is what limits a single reader) and
     * parses them, and as many threads take the parsed rows in batches from any slice, turn them into records and
     * documents and add them. Rows whose id may have been seen before are added last, so
     * their records come after all others; the id table, built from the finished record file, then keeps each
     * id's last record, and the documents of the records it replaced are deleted. A hash collision of two
     * distinct ids in {@link IdSet} so still keeps both. Audio features have no Lucene index: their builder
     * makes no document, and their records and id table are the whole index.
     */
    private <R> long run(String table, long total, ImportReport.Table t, Path dir, String index, DumpReader dump,
                         Slice sql, int fields, RowReader<R> read,
                         java.util.function.Function<R, String> idOf, DocBuilder<R> build) throws SQLException, IOException {
        progress.start(table, total);
        int n = partitions();
        List<R> suspects = java.util.Collections.synchronizedList(new ArrayList<>());
        // n threads read the slices and n add what they read, so a slice that runs out early (or a writer busy
        // flushing a segment for a minute) leaves no core idle while the other slice still has rows
        ExecutorService pool = Executors.newFixedThreadPool(2 * n, r -> {
            Thread th = new Thread(r, "import-" + index);
            th.setDaemon(true);
            return th;
        });
        boolean search = !index.equals(Fields.FEATURES);
        // an index sorted by release day gets its documents in that order, each thread writing segments of its own
        boolean sorted = sortedByRelease(index);
        try (IndexWriter iw = search ? writer(dir, index) : null; IdSet seen = new IdSet(total);
             RecordFile.Writer recordFile = new RecordFile.Writer(RecordFile.file(dir.resolve(index)))) {
            java.util.concurrent.BlockingQueue<List<R>> batches = new java.util.concurrent.ArrayBlockingQueue<>(4 * n);
            java.util.concurrent.ExecutorCompletionService<long[]> done = new java.util.concurrent.ExecutorCompletionService<>(pool);
            List<Future<long[]>> readers = new ArrayList<>();
            for (int p = 0; p < n; p++) {
                String q = sql.query(n, p);
                java.sql.Connection conn = dump.newConnection();
                readers.add(done.submit(() -> {
                    try (conn; Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(q)) {
                        List<R> batch = new ArrayList<>(BATCH);
                        long rows = 0;
                        TextRow text = new TextRow(fields);
                        while (rs.next()) {
                            rows++;
                            if (!text.reset(rs.getBytes(1))) {
                                t.reject("a value holds the control character U+001C or U+0001");
                                continue;
                            }
                            R row = read.read(text);
                            if (row == null) {
                                continue;
                            }
                            if (!seen.add(idOf.apply(row))) {
                                suspects.add(row);
                                continue;
                            }
                            batch.add(row);
                            if (batch.size() == BATCH) {
                                batches.put(batch);
                                batch = new ArrayList<>(BATCH);
                            }
                        }
                        if (!batch.isEmpty()) {
                            batches.put(batch);
                        }
                        return new long[] {rows, 0};
                    }
                }));
            }
            List<R> end = new ArrayList<>(0); // told apart by identity: no slice queues an empty batch
            List<Path> parts = new ArrayList<>();
            for (int p = 0; p < n; p++) {
                Path part = sorted ? dir.resolve(index + ".part" + p) : null;
                if (part != null) {
                    parts.add(part);
                }
                done.submit(() -> {
                    Codec.Writer w = new Codec.Writer();
                    RecordFile.Block records = recordFile.block();
                    long added = 0;
                    try (SortedSegments segments = part == null ? null
                        : new SortedSegments(partWriter(part), Fields.releasedOrder(), segmentBytes())) {
                        for (List<R> batch = batches.take(); batch != end; batch = batches.take()) {
                            for (R row : batch) {
                                if (segments != null) {
                                    segments.begin();
                                    if (build.build(row, w, records, segments)) {
                                        segments.end();
                                    } else {
                                        segments.cancel();
                                    }
                                } else {
                                    DocFields.Lucene d = new DocFields.Lucene();
                                    if (build.build(row, w, records, d) && iw != null) {
                                        iw.addDocument(d.document());
                                    }
                                }
                            }
                            added += batch.size();
                            progress.advance(batch.size());
                        }
                        records.flush();
                        if (segments != null) {
                            segments.finish();
                        }
                        // write the buffered segments here, one per thread at once, rather than one after another
                        // on the caller's thread at commit
                        while (iw != null && iw.flushNextBuffer()) {
                            progress.advance(0);
                        }
                    }
                    return new long[] {0, added};
                });
            }
            long rows = 0;
            long written = 0;
            int readersLeft = n;
            for (int k = 0; k < 2 * n; k++) {
                Future<long[]> f = done.take();
                long[] r = f.get();
                rows += r[0];
                written += r[1];
                if (readers.contains(f) && --readersLeft == 0) {
                    for (int p = 0; p < n; p++) {
                        batches.put(end); // every row is queued: the adding threads finish what is left and stop
                    }
                }
            }
            if (!parts.isEmpty()) {
                addParts(iw, parts);
            }
            Codec.Writer w = new Codec.Writer();
            RecordFile.Block records = recordFile.block();
            for (R row : suspects) {
                DocFields.Lucene d = new DocFields.Lucene();
                if (build.build(row, w, records, d) && iw != null) {
                    iw.addDocument(d.document());
                }
            }
            records.flush();
            recordFile.finish();
            progress.advance(suspects.size());
            long[] replaced;
            try (RecordFile finished = RecordFile.open(dir.resolve(index))) {
                replaced = IdTable.build(dir.resolve(index), finished, written + suspects.size());
            }
            long docs = written + suspects.size() - replaced.length;
            if (iw != null) {
                if (replaced.length > 0) {
                    iw.deleteDocuments(NumericDocValuesField.newSlowSetQuery(Fields.RECORD, replaced));
                }
                iw.forceMergeDeletes();
                iw.commit();
                if (iw.getDocStats().numDocs != docs) {
                    throw new IOException("indexing " + table + ": the index holds " + iw.getDocStats().numDocs
                        + " documents but the id table " + docs + " ids");
                }
                log.info("{}: {} segments; {}", table, SegmentInfos.readLatestCommit(iw.getDirectory()).size(),
                    ((ImportMergeScheduler) iw.getConfig().getMergeScheduler()).summary());
            }
            t.addRows(rows);
            t.duplicate(written + suspects.size() - docs);
            t.written = docs;
            progress.finish();
            return docs;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("import interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof SQLException sq) {
                throw new DumpException("reading table " + table + " failed: " + DumpReader.firstLine(sq.getMessage()), sq);
            }
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException("indexing " + table + " failed: " + c.getMessage(), c);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- row helpers ----

    private static boolean validId(String id, ImportReport.Table t) {
        if (id == null) {
            t.reject("missing id");
            return false;
        }
        if (!isSpotifyId(id)) {
            t.reject("id is not a 22-character base62 Spotify id");
            return false;
        }
        return true;
    }

    /** 22 base62 characters (a hand-written check: the regex cost a few per cent of an import). */
    static boolean isSpotifyId(String id) {
        if (id.length() != 22) {
            return false;
        }
        for (int i = 0; i < 22; i++) {
            char c = id.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                return false;
            }
        }
        return true;
    }

    private static String nz(String s, ImportReport.Table t, String warning) {
        if (s == null) {
            t.warn(warning + " (kept as empty)");
            return "";
        }
        return s;
    }

    private static int clampPop(long p) {
        return (int) Math.max(0, Math.min(100, p));
    }

    private static long marketsRowid(long rowid, boolean wasNull, Markets markets, ImportReport.Table t) {
        if (wasNull) {
            return -1;
        }
        if (!markets.has(rowid)) {
            t.warn("available_markets_rowid absent from available_markets (no markets)");
            return -1;
        }
        return rowid;
    }

    private static String precisionOf(String date) {
        if (date == null) {
            return "year";
        }
        return date.length() >= 10 ? "day" : date.length() >= 7 ? "month" : "year";
    }

    /**
     * Puts an entity's record into the index's record file and its address on the document: the index holds what
     * search needs, the record file what a lookup returns.
     */
    private static void record(DocFields d, RecordFile.Block records, byte[] record) throws IOException {
        d.docValue(Fields.RECORD, records.add(record, 0, record.length));
    }

    /** A searchable name: its own text field plus the match-all field. */
    private static void name(DocFields d, String field, String text) {
        d.text(field, text);
        d.match(Fields.ALL, text);
    }

    private static void addDate(DocFields d, String releaseDate) {
        int year = Dates.year(releaseDate);
        if (year > 0) {
            int day = Dates.epochDay(releaseDate);
            d.intPoint(Fields.RELEASED, day);
            d.docValue(Fields.RELEASED, day);
        }
    }

    private static void addPopularity(DocFields d, int popularity) {
        d.intPoint(Fields.POPULARITY, popularity);
        d.docValue(Fields.POPULARITY, popularity);
        d.feature(Fields.FEATURE, Fields.FEATURE_POPULARITY, popularity + 1);
    }

    /** Splits a chr(31)-joined list, dropping repeats (exact duplicate rows in the dump) and counting them. */
    private static List<String> splitDistinct(String joined, ImportReport.Table dupTable) {
        if (joined == null || joined.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long dups = 0;
        for (String s : split(joined, UNIT)) {
            if (s.isEmpty()) {
                continue;
            }
            if (seen.add(s)) {
                out.add(s);
            } else {
                dups++;
            }
        }
        if (dupTable != null && dups > 0) {
            dupTable.duplicate(dups);
        }
        return out;
    }

    private record Credit(long position, String id, String name) {
    }

    /**
     * Parses "POSITION GS id RS name" entries joined by US: sorted by position (the dump's credit order, which DuckDB's
     * unordered aggregation does not keep), repeats of an artist dropped and counted.
     */
    private static List<ArtistRef> parseArtists(String joined, ImportReport.Table dupTable) {
        if (joined == null) {
            return List.of();
        }
        List<Credit> credits = new ArrayList<>();
        for (String s : split(joined, UNIT)) {
            int gs = s.indexOf(GROUP);
            int rs = s.indexOf(RECORD, gs + 1);
            if (gs <= 0 || rs <= gs + 1) {
                continue;
            }
            credits.add(new Credit(Long.parseLong(s, 0, gs, 10), s.substring(gs + 1, rs), s.substring(rs + 1)));
        }
        credits.sort(java.util.Comparator.comparingLong(Credit::position));
        List<ArtistRef> out = new ArrayList<>(credits.size());
        Set<String> seen = new HashSet<>();
        long dups = 0;
        for (Credit c : credits) {
            if (seen.add(c.id())) {
                out.add(new ArtistRef(c.id(), c.name()));
            } else {
                dups++;
            }
        }
        if (dups > 0) {
            dupTable.duplicate(dups);
        }
        return List.copyOf(out);
    }

    /** Images as "WxH url"; distinct by url, largest first as Spotify lists them. */
    private static List<Image> parseImages(String joined, ImportReport.Table t) {
        if (joined == null || joined.isEmpty()) {
            return List.of();
        }
        List<Image> out = new ArrayList<>();
        Set<String> urls = new HashSet<>();
        long dups = 0;
        for (String s : split(joined, UNIT)) {
            int x = s.indexOf('x');
            int sp = s.indexOf(' ');
            if (x <= 0 || sp <= x) {
                t.reject("image row without width, height or url");
                continue;
            }
            String url = s.substring(sp + 1);
            if (!urls.add(url)) {
                dups++;
                continue;
            }
            try {
                out.add(new Image(url, Integer.parseInt(s, 0, x, 10), Integer.parseInt(s, x + 1, sp, 10)));
            } catch (NumberFormatException e) {
                t.reject("image width or height out of range");
            }
        }
        if (dups > 0) {
            t.duplicate(dups);
        }
        out.sort((a, b) -> Long.compare((long) b.width() * b.height(), (long) a.width() * a.height()));
        return List.copyOf(out);
    }

    private static List<String> split(String s, char sep) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == sep) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

    // ---- verification and metadata ----

    @FunctionalInterface
    private interface TableBuild {
        void build() throws IOException;
    }

    /**
     * The album and top track tables (one pass over the tracks' records) and the document tables of the three
     * Lucene indexes (each one sequential pass over an index's doc values), built one at a time on a thread of
     * their own as soon as the index they read is committed: the track tables, the longest, overlap the audio
     * features' import, whose threads leave part of a core idle, instead of following it on about one core (at
     * 50M tracks the wait after the features is 16.8 s, where building them all then took 53.9 s; the id tables
     * are written with each index). Closing stops what is still running and waits for it, so a failed import
     * never deletes files under a running build.
     */
    private final class LookupTables implements AutoCloseable {
        private final ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread th = new Thread(r, "import-tables");
            th.setDaemon(true);
            return th;
        });
        private final List<Future<?>> builds = new ArrayList<>();

        void submit(TableBuild build) {
            builds.add(pool.submit(() -> {
                build.build();
                return null;
            }));
        }

        /** Waits for every table, showing the ones still being built as a phase of their own. */
        void await() throws IOException {
            progress.start("lookup tables", builds.size());
            try {
                for (Future<?> f : builds) {
                    f.get();
                    progress.advance(1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("import interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException("building lookup tables failed", e.getCause());
            }
            progress.finish();
        }

        @Override
        public void close() {
            pool.shutdownNow();
            try {
                if (!pool.awaitTermination(5, java.util.concurrent.TimeUnit.MINUTES)) {
                    log.warn("lookup tables still being built after the import ended");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void verify(Path dir, Map<String, Long> counts) throws IOException {
        try (Catalog c = Catalog.open(dir)) {
            CatalogInfo info = c.info();
            if (info.tracks() != counts.get(Fields.TRACKS) || info.albums() != counts.get(Fields.ALBUMS)
                || info.artists() != counts.get(Fields.ARTISTS)) {
                throw new IOException("verification failed: the new index holds " + info + " but " + counts + " were written");
            }
            c.selfCheck();
        }
    }

    private static void writeMeta(Path dir, Path dumpDir, Map<String, Long> counts, ImportReport report,
                                  Map<String, Object> extra) throws IOException {
        Map<String, Object> meta = new LinkedHashMap<>();
        // 5: well-formed ISRCs as numbers in a points index, other ISRCs as keywords;
        // 4: tracks grouped by album and artist in tables built from the records, no album or artist ids or
        // positions in the tracks' Lucene index; 3: ids only in the id tables, audio features without a Lucene
        // index; 2: records in record files;
        // 1: records in Lucene stored fields
        meta.put("format", 5);
        meta.put("created_at", Instant.now().toString());
        meta.put("source", dumpDir.toAbsolutePath().toString());
        meta.put("counts", counts);
        meta.put("import_seconds", report.elapsed().toMillis() / 1000.0);
        Map<String, Object> tables = new LinkedHashMap<>();
        report.tables().forEach((name, t) -> tables.put(name, Map.of("rows", t.rows(), "written", t.written(),
            "duplicates", t.duplicates(), "rejected", t.rejected(), "warnings", t.warnings())));
        meta.put("tables", tables);
        meta.putAll(extra);
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(dir.resolve(Catalog.META).toFile(), meta);
    }
}
