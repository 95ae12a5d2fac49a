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

/** The album track table lists each album's live tracks, from every segment, in the order of a sort by position. */
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

    @Test
    void listsEveryAlbumsLiveTracksAsASortByPositionWould() throws IOException {
        Path dir = index();
        try (DirectoryReader r = DirectoryReader.open(FSDirectory.open(dir))) {
            assertTrue(r.leaves().size() > 10, "the test needs many segments");
            AlbumTrackTable.build(dir, r);
            IndexSearcher s = new IndexSearcher(r);
            Sort byPosition = new Sort(new SortField(Fields.POSITION, SortField.Type.LONG));
            try (AlbumTrackTable t = AlbumTrackTable.open(dir, r)) {
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
            AlbumTrackTable.build(dir, r);
        }
        try (IndexWriter w = new IndexWriter(FSDirectory.open(dir), new IndexWriterConfig(Fields.analyzer()).setCodec(new CatalogCodec()))) {
            w.addDocument(track(99_999, "album1", 1));
            w.commit();
        }
        try (DirectoryReader r = DirectoryReader.open(FSDirectory.open(dir))) {
            assertNull(AlbumTrackTable.open(dir, r));
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
