package org.tonearm.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.lucene.document.FeatureField;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SortedSegmentsTest {
    @TempDir
    Path tmp;

    /**
     * A writer as the importer's threads have; {@code unsorted}, it keeps the order documents are added in, which
     * shows the order the buffer adds them (a sorted writer would sort them itself at flush).
     */
    private static IndexWriter writer(Path dir, boolean unsorted) throws IOException {
        IndexWriterConfig cfg = new IndexWriterConfig(Fields.analyzer())
            .setMergePolicy(NoMergePolicy.INSTANCE).setCommitOnClose(false).setUseCompoundFile(false);
        if (!unsorted) {
            cfg.setIndexSort(Fields.releasedOrder());
        }
        return new IndexWriter(FSDirectory.open(dir), cfg);
    }

    /** Names that exercise each width of the stored length and each kind of UTF-8. */
    private static String name(Random r, int i) {
        return switch (i % 5) {
            case 0 -> "Beyoncé — 美しい 🎵 " + i;
            case 1 -> "plain " + i;
            case 2 -> "long " + "x".repeat(150 + r.nextInt(50)) + " " + i;
            case 3 -> "very long " + "é".repeat(6000) + " " + i;
            default -> "";
        };
    }

    @Test
    void documentsComeBackWithEveryFieldInReleaseOrderTiesInArrivalOrder() throws IOException {
        Random r = new Random(7);
        int n = 3000;
        List<String> names = new ArrayList<>();
        int[] days = new int[n];
        Path dir = tmp.resolve("part");
        try (SortedSegments s = new SortedSegments(writer(dir, true), Fields.releasedOrder(), 200_000)) {
            for (int i = 0; i < n; i++) {
                String nm = name(r, i);
                names.add(nm);
                // a few days shared by many documents, some documents undated
                days[i] = r.nextInt(10) == 0 ? Integer.MIN_VALUE : 18_000 + r.nextInt(20);
                s.begin();
                s.keyword("kw", nm);
                s.text(Fields.NAME, nm);
                s.match(Fields.ALL, nm);
                s.docValue("seq", i);
                if (days[i] != Integer.MIN_VALUE) {
                    s.intPoint(Fields.RELEASED, days[i]);
                    s.docValue(Fields.RELEASED, days[i]);
                }
                s.longPoint("big", Long.MIN_VALUE + i);
                s.feature(Fields.FEATURE, Fields.FEATURE_POPULARITY, i % 100 + 1);
                s.end();
                if (i % 7 == 0) {
                    s.begin();
                    s.keyword("kw", "cancelled");
                    s.docValue(Fields.RELEASED, 1);
                    s.cancel();
                }
            }
            s.finish();
            assertTrue(s.segments() > 3, "a small limit writes several segments: " + s.segments());
        }
        try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(dir))) {
            assertEquals(n, reader.numDocs());
            IndexSearcher searcher = new IndexSearcher(reader);
            assertEquals(0, searcher.count(new TermQuery(new Term("kw", "cancelled"))));
            for (LeafReaderContext leaf : reader.leaves()) {
                NumericDocValues seq = leaf.reader().getNumericDocValues("seq");
                long lastDay = Long.MIN_VALUE;
                long lastSeq = -1;
                for (int d = 0; d < leaf.reader().maxDoc(); d++) {
                    assertTrue(seq.advanceExact(d));
                    int i = (int) seq.longValue();
                    long day = days[i];
                    assertTrue(day > lastDay || (day == lastDay && i > lastSeq), "document " + i + " out of order");
                    lastDay = day;
                    lastSeq = i;
                }
            }
            for (int i = 0; i < n; i += 37) {
                String nm = names.get(i);
                only(searcher, LongPoint.newExactQuery("big", Long.MIN_VALUE + i), "seq", i);
                if (nm.isEmpty()) {
                    assertEquals(n / 5, searcher.count(new TermQuery(new Term("kw", ""))));
                    continue;
                }
                only(searcher, new TermQuery(new Term("kw", nm)), "seq", i);
                if (days[i] != Integer.MIN_VALUE) {
                    assertTrue(searcher.count(IntPoint.newExactQuery(Fields.RELEASED, days[i])) > 0);
                }
                String word = nm.substring(nm.lastIndexOf(' ') + 1);
                only(searcher, new TermQuery(new Term(Fields.NAME, word)), "seq", i);
                only(searcher, new TermQuery(new Term(Fields.ALL, word)), "seq", i);
            }
            // the feature's value came back: ranking by it puts the highest first
            ScoreDoc top = searcher.search(FeatureField.newLinearQuery(Fields.FEATURE, Fields.FEATURE_POPULARITY, 1), 1).scoreDocs[0];
            assertEquals(100, top.score, 0.001);
            // a folded word from the unicode name is there
            assertEquals(n / 5, searcher.count(new TermQuery(new Term(Fields.NAME, "beyonce"))));
        }
    }

    /** The one document {@code q} finds, checked to be the one whose {@code field} is {@code value}. */
    private static void only(IndexSearcher searcher, Query q, String field, long value) throws IOException {
        ScoreDoc[] hits = searcher.search(q, 2).scoreDocs;
        assertEquals(1, hits.length, q.toString());
        int doc = hits[0].doc;
        LeafReaderContext leaf = searcher.getIndexReader().leaves().get(
            org.apache.lucene.index.ReaderUtil.subIndex(doc, searcher.getIndexReader().leaves()));
        NumericDocValues dv = leaf.reader().getNumericDocValues(field);
        assertTrue(dv.advanceExact(doc - leaf.docBase));
        assertEquals(value, dv.longValue(), q.toString());
    }

    @Test
    void segmentsAddedToAnotherIndexAreHardLinksNotCopies() throws IOException {
        Path part = tmp.resolve("part");
        try (SortedSegments s = new SortedSegments(writer(part, false), Fields.releasedOrder(), 1 << 20)) {
            for (int i = 0; i < 100; i++) {
                s.begin();
                s.keyword("kw", "doc " + i);
                s.docValue(Fields.RELEASED, 100 - i);
                s.end();
            }
            s.finish();
        }
        Path whole = tmp.resolve("whole");
        IndexWriterConfig cfg = new IndexWriterConfig(Fields.analyzer()).setIndexSort(Fields.releasedOrder());
        try (IndexWriter iw = new IndexWriter(new LinkingDirectory(FSDirectory.open(whole)), cfg);
             FSDirectory from = FSDirectory.open(part)) {
            iw.addIndexes(from);
            iw.commit();
        }
        long linked = 0;
        try (var files = Files.list(whole)) {
            for (Path f : files.toList()) {
                if ((Integer) Files.getAttribute(f, "unix:nlink") == 2) {
                    linked++;
                }
            }
        }
        assertTrue(linked >= 5, "segment files shared with the part: " + linked);
        org.tonearm.catalog.CatalogStore.deleteTree(part);
        try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(whole))) {
            assertEquals(100, reader.numDocs());
            assertEquals(1, new IndexSearcher(reader).count(new TermQuery(new Term("kw", "doc 42"))));
        }
    }
}
