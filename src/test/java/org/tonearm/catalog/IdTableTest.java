package org.tonearm.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.FSDirectory;
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

    private static Document doc(String id, int version) {
        Document d = new Document();
        d.add(new StringField(Fields.ID, id, Field.Store.NO));
        d.add(new StoredField(Fields.DATA, record(id, version)));
        return d;
    }

    /** 5,000 ids over several segments, every tenth replaced later as an import replaces a duplicate row. */
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

    @Test
    void findsEveryLiveRecordAndNothingElse() throws IOException {
        Path dir = index();
        try (DirectoryReader r = DirectoryReader.open(FSDirectory.open(dir))) {
            assertTrue(r.leaves().size() > 1, "the test needs several segments");
            IdTable.build(dir, r, Fields.ID, null);
        }
        assertTrue(Files.size(IdTable.file(dir)) > 0);
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
            IdTable.build(dir, r, Fields.ID, null);
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
