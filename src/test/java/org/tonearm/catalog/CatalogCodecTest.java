package org.tonearm.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog's stored fields codecs give back every record exactly, through merges, and old catalogs still open. */
class CatalogCodecTest {
    @TempDir
    Path tmp;

    /** Records of 0 to 2,000 bytes, and every 500th one of 70 KB (a chunk written in slices). */
    private static byte[] record(int i) {
        Random r = new Random(i);
        byte[] b = new byte[i % 500 == 0 ? 70_000 : r.nextInt(2000)];
        r.nextBytes(b);
        return b;
    }

    private void roundTrip(Codec codec, String expectedName) throws IOException {
        Path dir = tmp.resolve(codec.getName());
        int n = 3000;
        IndexWriterConfig cfg = new IndexWriterConfig().setMaxBufferedDocs(400).setCodec(codec);
        try (IndexWriter w = new IndexWriter(FSDirectory.open(dir), cfg)) {
            for (int i = 0; i < n; i++) {
                Document d = new Document();
                d.add(new StoredField("i", i));
                d.add(new StoredField(Fields.DATA, record(i)));
                w.addDocument(d);
            }
            w.forceMerge(2);
        }
        // opened through the SPI registration, as a server opens a catalog written earlier
        try (DirectoryReader r = DirectoryReader.open(FSDirectory.open(dir))) {
            assertEquals(n, r.numDocs());
            assertEquals(expectedName, ((SegmentReader) r.leaves().getFirst().reader()).getSegmentInfo().info.getCodec().getName());
            StoredFields stored = r.storedFields();
            // out of order, so reads jump between chunks and come back into them
            for (int k = 0; k < n; k++) {
                Document d = stored.document((int) ((k * 7919L) % n));
                int i = d.getField("i").numericValue().intValue();
                BytesRef b = d.getBinaryValue(Fields.DATA);
                assertArrayEquals(record(i), Arrays.copyOfRange(b.bytes, b.offset, b.offset + b.length), "document " + i);
            }
        }
    }

    @Test
    void rawRecordsReadBackExactly() throws IOException {
        roundTrip(new CatalogCodec(), "Tonearm2");
    }

    @Test
    void compactRecordsReadBackExactly() throws IOException {
        roundTrip(new CatalogCodec.Compact(), "Tonearm2c");
    }

    @Test
    void anImportStoresEntitiesCompactAndFeaturesRaw() throws Exception {
        try (Catalog c = TestCatalogs.open(TestCatalogs.syntheticData())) {
            assertEquals("Tonearm2c", codec(c.tracksIndex()));
            assertEquals("Tonearm2c", codec(c.albumsIndex()));
            assertEquals("Tonearm2c", codec(c.artistsIndex()));
        }
        try (DirectoryReader r = DirectoryReader.open(FSDirectory.open(
            new CatalogStore(TestCatalogs.syntheticData().resolve("catalog")).current().orElseThrow().resolve(Fields.FEATURES)))) {
            assertEquals("Tonearm2", ((SegmentReader) r.leaves().getFirst().reader()).getSegmentInfo().info.getCodec().getName());
        }
    }

    private static String codec(Catalog.Index index) {
        return ((SegmentReader) index.reader.leaves().getFirst().reader()).getSegmentInfo().info.getCodec().getName();
    }

    @Test
    void catalogsWrittenWithTheLz4CodecStillRead() throws IOException {
        roundTrip(new CatalogCodec.Lz4(), "Tonearm1");
    }
}
