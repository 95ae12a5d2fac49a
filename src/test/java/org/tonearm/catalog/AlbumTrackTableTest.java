package org.tonearm.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table of document numbers ({@code TNRMALB1}, catalogs written before record files) is still read: each album's live
 * tracks, from every segment, in the order of a sort by position.
 */
class AlbumTrackTableTest {
    @TempDir
    Path tmp;

    private static Document track(int id, String album, long position) {
        Document d = new Document();
        d.add(new StringField(Fields.ID, "t" + id, Field.Store.NO));
        d.add(new StringField(Fields.ALBUM, album, Field.Store.NO));
        d.add(new NumericDocValuesField(Fields.POSITION, position));
        return d;
    }

    /**
     * 300 albums of 1 to 30 tracks written in shuffled order over many small segments (so most albums span
     * several), positions with ties and disc numbers, every seventh track replaced later as a duplicate row is.
     */
    private Path index() throws IOException {
        Path dir = tmp.resolve("tracks");
        IndexWriterConfig cfg = new IndexWriterConfig(Fields.analyzer()).setMaxBufferedDocs(97)
            .setMergePolicy(org.apache.lucene.index.NoMergePolicy.INSTANCE).setCodec(new CatalogCodec());
        java.util.Random rnd = new java.util.Random(3);
        List<Document> docs = new ArrayList<>();
        int id = 0;
        for (int a = 0; a < 300; a++) {
            int n = 1 + rnd.nextInt(30);
            for (int k = 0; k < n; k++) {
                docs.add(track(id++, "album" + a, (1 + rnd.nextInt(2)) * 10_000L + rnd.nextInt(n)));
            }
        }
        java.util.Collections.shuffle(docs, rnd);
        try (IndexWriter w = new IndexWriter(FSDirectory.open(dir), cfg)) {
            for (Document d : docs) {
                w.addDocument(d);
            }
            for (int i = 0; i < docs.size(); i += 7) {
                Document d = docs.get(i);
                w.updateDocument(new Term(Fields.ID, d.get(Fields.ID)),
                    track(Integer.parseInt(d.get(Fields.ID).substring(1)), d.get(Fields.ALBUM), 5));
            }
            w.commit();
        }
        return dir;
    }

    /**
     * Writes a table of document numbers ({@code TNRMALB1}), as catalogs written before record files have, from
     * the album terms of every segment: each album's live tracks ordered by position, ties in document order.
     */
    static void buildDocTable(Path tracksDir, DirectoryReader reader) throws IOException {
        java.util.TreeMap<BytesRef, List<long[]>> albums = new java.util.TreeMap<>();
        for (org.apache.lucene.index.LeafReaderContext leaf : reader.leaves()) {
            org.apache.lucene.index.Terms terms = leaf.reader().terms(Fields.ALBUM);
            org.apache.lucene.util.Bits live = leaf.reader().getLiveDocs();
            org.apache.lucene.index.TermsEnum te = terms.iterator();
            for (BytesRef term = te.next(); term != null; term = te.next()) {
                List<long[]> tracks = albums.computeIfAbsent(BytesRef.deepCopyOf(term), k -> new ArrayList<>());
                org.apache.lucene.index.PostingsEnum p = te.postings(null, org.apache.lucene.index.PostingsEnum.NONE);
                org.apache.lucene.index.NumericDocValues pos = leaf.reader().getNumericDocValues(Fields.POSITION);
                for (int doc = p.nextDoc(); doc != org.apache.lucene.index.PostingsEnum.NO_MORE_DOCS; doc = p.nextDoc()) {
                    if (live == null || live.get(doc)) {
                        tracks.add(new long[] {pos.advanceExact(doc) ? pos.longValue() : 0, leaf.docBase + doc});
                    }
                }
            }
        }
        albums.values().removeIf(List::isEmpty);
        long slots = Long.highestOneBit(Math.max(16, albums.size() * 4L / 3)) << 1;
        long units = 0;
        for (List<long[]> l : albums.values()) {
            units += l.size() + 1;
        }
        long listBytes = units * 4;
        TableFile.write(AlbumTrackTable.file(tracksDir), slots * 8 + listBytes, (m, body) -> {
            java.lang.foreign.MemorySegment t = body.asSlice(0, slots * 8);
            java.lang.foreign.MemorySegment lists = body.asSlice(slots * 8);
            long at = 0;
            for (var e : albums.entrySet()) {
                List<long[]> l = e.getValue();
                l.sort(Comparator.<long[]>comparingLong(x -> x[0]).thenComparingLong(x -> x[1]));
                BytesRef id = e.getKey();
                long h = IdTable.hash(id.bytes, id.offset, id.length);
                long slot = h & (slots - 1);
                while (t.getAtIndex(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, slot) != -1L) {
                    slot = (slot + 1) & (slots - 1);
                }
                t.setAtIndex(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, slot, (h >>> 32) << 32 | at);
                lists.setAtIndex(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, at++, l.size());
                for (long[] x : l) {
                    lists.setAtIndex(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, at++, (int) x[1]);
                }
            }
            TableFile.writeHeader(m, AlbumTrackTable.MAGIC_DOCS, slots, reader);
        });
    }

    @Test
    void listsEveryAlbumsLiveTracksAsASortByPositionWould() throws IOException {
        Path dir = index();
        try (DirectoryReader r = DirectoryReader.open(FSDirectory.open(dir))) {
            assertTrue(r.leaves().size() > 10, "the test needs many segments");
            buildDocTable(dir, r);
            IndexSearcher s = new IndexSearcher(r);
            Sort byPosition = new Sort(new SortField(Fields.POSITION, SortField.Type.LONG));
            try (AlbumTrackTable t = AlbumTrackTable.open(dir, r, null, null)) {
                assertNotNull(t);
                int several = 0;
                for (int a = 0; a < 300; a++) {
                    String album = "album" + a;
                    long[] expected = java.util.Arrays.stream(s.search(new TermQuery(new Term(Fields.ALBUM, album)), 100, byPosition).scoreDocs)
                        .mapToLong(sd -> sd.doc).toArray();
                    assertArrayEquals(expected, t.tracks(new BytesRef(album), doc -> true), album);
                    if (segmentsOf(r, expected) > 1) {
                        several++;
                    }
                }
                assertTrue(several > 100, "albums spanning segments: " + several);
                assertEquals(0, t.tracks(new BytesRef("album300"), doc -> true).length);
                // a list whose first track is not of the album asked (a hash collision) is never returned
                assertEquals(0, t.tracks(new BytesRef("album5"), doc -> false).length);
            }
        }
    }

    private static long segmentsOf(DirectoryReader r, long[] docs) {
        return java.util.Arrays.stream(docs).map(d -> org.apache.lucene.index.ReaderUtil.subIndex((int) d, r.leaves())).distinct().count();
    }

    @Test
    void aTableWrittenForOtherDocumentsIsIgnored() throws IOException {
        Path dir = index();
        try (DirectoryReader r = DirectoryReader.open(FSDirectory.open(dir))) {
            buildDocTable(dir, r);
        }
        try (IndexWriter w = new IndexWriter(FSDirectory.open(dir), new IndexWriterConfig(Fields.analyzer()).setCodec(new CatalogCodec()))) {
            w.addDocument(track(99_999, "album1", 1));
            w.commit();
        }
        try (DirectoryReader r = DirectoryReader.open(FSDirectory.open(dir))) {
            assertNull(AlbumTrackTable.open(dir, r, null, null));
        }
    }

    @Test
    void sortsPositionsOutsideThePackedRangeToo() {
        long[] pos = {5, -1, 3_000_000_000L, 5, 0};
        int[] docs = {9, 4, 1, 2, 7};
        AlbumTrackTable.sortByPosition(pos, docs, new long[5], 5);
        assertArrayEquals(new long[] {-1, 0, 5, 5, 3_000_000_000L}, pos);
        assertArrayEquals(new int[] {4, 7, 2, 9, 1}, docs);
        long[] packed = {20_001, 10_002, 10_001, 10_002};
        int[] pdocs = {0, 3, 2, 1};
        AlbumTrackTable.sortByPosition(packed, pdocs, new long[4], 4);
        assertArrayEquals(new int[] {2, 1, 3, 0}, pdocs);
        assertTrue(Comparator.<Long>naturalOrder().compare(packed[0], packed[3]) < 0);
    }
}
