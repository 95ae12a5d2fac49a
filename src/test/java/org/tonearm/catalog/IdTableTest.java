package org.tonearm.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdTableTest {
    @TempDir
    Path tmp;

    private static String id(int i) {
        return String.format("%022d", i).replace('0', 'a');
    }

    private static byte[] record(String id, int version) {
        Codec.Writer w = new Codec.Writer();
        w.reset();
        w.str(id);
        w.vint(version);
        return w.bytes();
    }

    // ---- tables built from record files (catalogs since format 3) ----

    @Test
    void keepsEachIdsLastRecordAndNamesTheRecordsItReplaced() throws IOException {
        Path dir = tmp.resolve("tracks");
        Set<Long> earlier = new HashSet<>();
        try (RecordFile.Writer w = new RecordFile.Writer(RecordFile.file(dir))) {
            // two importing threads' blocks, interleaved as workers fill them
            RecordFile.Block a = w.block();
            RecordFile.Block b = w.block();
            for (int i = 0; i < 5000; i++) {
                byte[] r = record(id(i), 1);
                long address = (i % 2 == 0 ? a : b).add(r, 0, r.length);
                if (i % 10 == 0) {
                    earlier.add(address);
                }
            }
            a.flush();
            b.flush();
            // then the rows whose id was seen before, added last: every tenth id again, and id 20 a third time
            RecordFile.Block later = w.block();
            for (int i = 0; i < 5000; i += 10) {
                byte[] r = record(id(i), 2);
                long address = later.add(r, 0, r.length);
                if (i == 20) {
                    earlier.add(address);
                }
            }
            byte[] third = record(id(20), 3);
            later.add(third, 0, third.length);
            later.flush();
            w.finish();
        }
        long[] replaced;
        try (RecordFile records = RecordFile.open(dir)) {
            replaced = IdTable.build(dir, records, 5501);
        }
        assertEquals(earlier, new HashSet<>(Arrays.stream(replaced).boxed().toList()),
            "the import deletes exactly the documents of the replaced records");
        try (Catalog.Index idx = Catalog.Index.open(dir)) {
            assertEquals(5000, idx.size());
            for (int i = 0; i < 5000; i++) {
                int version = i == 20 ? 3 : i % 10 == 0 ? 2 : 1;
                assertArrayEquals(record(id(i), version), idx.data(id(i)), id(i));
            }
            assertNull(idx.data(id(5000)));
            assertNull(idx.data("not an id at all"));
            assertNull(idx.data(""));
        }
    }

    @Test
    void aTableBuiltForAnotherRecordFileIsRefused() throws IOException {
        Path dir = tmp.resolve("features");
        writeRecords(dir, 300);
        try (RecordFile records = RecordFile.open(dir)) {
            IdTable.build(dir, records, 300);
        }
        writeRecords(dir, 3000); // the record file rewritten, the table not
        IOException e = assertThrows(IOException.class, () -> Catalog.Index.open(dir));
        assertTrue(e.getMessage().contains("import the dump again"), e.getMessage());
    }

    @Test
    void moreRecordsThanExpectedFailTheBuildInsteadOfOverfillingTheTable() throws IOException {
        Path dir = tmp.resolve("albums");
        writeRecords(dir, 100);
        try (RecordFile records = RecordFile.open(dir)) {
            IOException e = assertThrows(IOException.class, () -> IdTable.build(dir, records, 99));
            assertTrue(e.getMessage().contains("more records than"), e.getMessage());
        }
        assertTrue(!Files.exists(IdTable.file(dir)), "no table left under its name");
    }

    private static void writeRecords(Path dir, int n) throws IOException {
        try (RecordFile.Writer w = new RecordFile.Writer(RecordFile.file(dir))) {
            RecordFile.Block b = w.block();
            for (int i = 0; i < n; i++) {
                byte[] r = record(id(i), 1);
                b.add(r, 0, r.length);
            }
            b.flush();
            w.finish();
        }
    }

    @Test
    void everySearchableDocumentOfAnImportIsTheRecordItsIdFinds() throws IOException {
        // the synthetic dump repeats track rows: the documents of the records an id's later row replaced must be
        // the ones deleted, or a search would show a different version of an entity than a lookup by its id
        try (Catalog c = TestCatalogs.open(TestCatalogs.syntheticData())) {
            for (Catalog.Index idx : new Catalog.Index[] {c.tracksIndex(), c.albumsIndex(), c.artistsIndex()}) {
                Set<String> seen = new HashSet<>();
                for (LeafReaderContext leaf : idx.reader.leaves()) {
                    Bits live = leaf.reader().getLiveDocs();
                    for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
                        if (live != null && !live.get(doc)) {
                            continue;
                        }
                        byte[] r = idx.data(leaf.docBase + doc);
                        String id = new Codec.Reader(r, 0).str();
                        assertTrue(seen.add(id), idx.name + ": " + id + " is searchable twice");
                        assertArrayEquals(r, idx.data(id), idx.name + " " + id);
                    }
                }
                assertEquals(idx.size(), seen.size());
            }
        }
    }

    // ---- tables of catalogs written before record files: document numbers, built from the id terms ----

    private static Document doc(String id, int version) {
        Document d = new Document();
        d.add(new StringField(Fields.ID, id, Field.Store.NO));
        d.add(new StoredField(Fields.DATA, record(id, version)));
        return d;
    }

    /** 5,000 ids over several segments, every tenth replaced later as those imports replaced a duplicate row. */
    private Path index() throws IOException {
        Path dir = tmp.resolve("tracks");
        IndexWriterConfig cfg = new IndexWriterConfig(Fields.analyzer()).setMaxBufferedDocs(700).setCodec(new CatalogCodec());
        try (IndexWriter w = new IndexWriter(FSDirectory.open(dir), cfg)) {
            for (int i = 0; i < 5000; i++) {
                w.addDocument(doc(id(i), 1));
            }
            for (int i = 0; i < 5000; i += 10) {
                w.updateDocument(new Term(Fields.ID, id(i)), doc(id(i), 2));
            }
            w.commit();
        }
        return dir;
    }

    /** Writes a table as those imports did: each live document's id term, 32 bits of its hash, its number. */
    private static void buildFromTerms(Path dir, DirectoryReader reader) throws IOException {
        long slots = Long.highestOneBit(Math.max(16, reader.numDocs() * 4L / 3)) << 1;
        TableFile.write(IdTable.file(dir), slots * 8, (m, t) -> {
            PostingsEnum postings = null;
            for (LeafReaderContext leaf : reader.leaves()) {
                LeafReader r = leaf.reader();
                Bits live = r.getLiveDocs();
                TermsEnum te = r.terms(Fields.ID).iterator();
                for (BytesRef term = te.next(); term != null; term = te.next()) {
                    postings = te.postings(postings, PostingsEnum.NONE);
                    for (int doc = postings.nextDoc(); doc != PostingsEnum.NO_MORE_DOCS; doc = postings.nextDoc()) {
                        if (live != null && !live.get(doc)) {
                            continue;
                        }
                        long h = IdTable.hash(term.bytes, term.offset, term.length);
                        long slot = h & (slots - 1);
                        while (t.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, slot) != -1L) {
                            slot = (slot + 1) & (slots - 1);
                        }
                        t.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, slot, (h >>> 32) << 32 | (leaf.docBase + doc));
                    }
                }
            }
            TableFile.writeHeader(m, IdTable.MAGIC_DOCS, slots, reader);
        });
    }

    @Test
    void findsEveryLiveRecordOfAnOlderCatalogAndNothingElse() throws IOException {
        Path dir = index();
        try (DirectoryReader r = DirectoryReader.open(FSDirectory.open(dir))) {
            assertTrue(r.leaves().size() > 1, "the test needs several segments");
            buildFromTerms(dir, r);
        }
        try (Catalog.Index idx = Catalog.Index.open(dir)) {
            for (int i = 0; i < 5000; i++) {
                assertArrayEquals(record(id(i), i % 10 == 0 ? 2 : 1), idx.data(id(i)), id(i));
            }
            assertNull(idx.data(id(5000)));
            assertNull(idx.data("not an id at all"));
            assertNull(idx.data(""));
        }
    }

    @Test
    void aTableWrittenForOtherDocumentsIsIgnored() throws IOException {
        Path dir = index();
        try (DirectoryReader r = DirectoryReader.open(FSDirectory.open(dir))) {
            buildFromTerms(dir, r);
        }
        try (IndexWriter w = new IndexWriter(FSDirectory.open(dir), new IndexWriterConfig(Fields.analyzer()).setCodec(new CatalogCodec()))) {
            w.addDocument(doc(id(7000), 1));
            w.commit();
        }
        try (Catalog.Index idx = Catalog.Index.open(dir)) {
            assertNotNull(idx.data(id(7000)), "found through the terms, since the table no longer matches the index");
            assertArrayEquals(record(id(10), 2), idx.data(id(10)));
        }
    }
}
