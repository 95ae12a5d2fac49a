package org.tonearm.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
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

    /**
     * Records like the catalog's, which LZ4 does shrink: runs of shared text (URL prefixes, names) between random
     * ids, 0 to 1,500 bytes, and every 400th one of 40 KB.
     */
    private static byte[] textRecord(int i) {
        Random r = new Random(i);
        StringBuilder s = new StringBuilder();
        int size = i % 400 == 0 ? 40_000 : r.nextInt(1500);
        while (s.length() < size) {
            s.append(switch (r.nextInt(4)) {
                case 0 -> "https://i.scdn.co/image/ab67616d0000b273";
                case 1 -> Long.toString(r.nextLong(), 36);
                case 2 -> "spotify:track:";
                default -> "Camo & Krooked ";
            });
        }
        return s.substring(0, size).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private void roundTrip(Codec codec, String expectedName) throws IOException {
        roundTrip(codec, expectedName, CatalogCodecTest::record, codec.getName());
    }

    private void roundTrip(Codec codec, String expectedName, java.util.function.IntFunction<byte[]> record, String name)
        throws IOException {
        Path dir = tmp.resolve(name);
        int n = 3000;
        IndexWriterConfig cfg = new IndexWriterConfig().setMaxBufferedDocs(400).setCodec(codec);
        try (IndexWriter w = new IndexWriter(FSDirectory.open(dir), cfg)) {
            for (int i = 0; i < n; i++) {
                Document d = new Document();
                d.add(new StoredField("i", i));
                d.add(new StoredField(Fields.DATA, record.apply(i)));
                w.addDocument(d);
            }
            w.forceMerge(2);
        }
        // opened through the SPI registration, as a server opens a catalog written earlier
        try (DirectoryReader r = DirectoryReader.open(FSDirectory.open(dir))) {
            assertEquals(n, r.numDocs());
            assertEquals(expectedName, ((SegmentReader) r.leaves().getFirst().reader()).getSegmentInfo().info.getCodec().getName());
            // out of order, so reads jump between chunks and come back into them
            int[] scattered = new int[n];
            // in order, backwards, and each twice, so reads come back into the chunk decoded last, before and
            // after the records decoded so far
            int[] forward = new int[n];
            int[] backward = new int[n];
            int[] twice = new int[2 * n];
            for (int k = 0; k < n; k++) {
                scattered[k] = (int) ((k * 7919L) % n);
                forward[k] = k;
                backward[k] = n - 1 - k;
                twice[2 * k] = twice[2 * k + 1] = k;
            }
            for (int[] order : new int[][] {scattered, forward, backward, twice}) {
                StoredFields stored = r.storedFields();
                for (int doc : order) {
                    Document d = stored.document(doc);
                    int i = d.getField("i").numericValue().intValue();
                    BytesRef b = d.getBinaryValue(Fields.DATA);
                    assertArrayEquals(record.apply(i), Arrays.copyOfRange(b.bytes, b.offset, b.offset + b.length), "document " + i);
                }
            }
        }
    }

    @Test
    void compactRecordsLz4ShrinksReadBackExactlyInAnyOrder() throws IOException {
        roundTrip(new CatalogCodec.Compact(), "Tonearm2c", CatalogCodecTest::textRecord, "compact-text");
    }

    @Test
    void lz4RecordsLz4ShrinksReadBackExactlyInAnyOrder() throws IOException {
        roundTrip(new CatalogCodec.Lz4(), "Tonearm1", CatalogCodecTest::textRecord, "lz4-text");
    }

    /** The chunk-keeping decoder reads the files Lucene's own LZ4 mode writes, so catalogs need no new import. */
    @Test
    void filesWrittenByLucenesLz4ReadBackThroughTheKeepingDecoder() throws IOException {
        Path dir = tmp.resolve("plain");
        var plain = new org.apache.lucene.codecs.lucene90.compressing.Lucene90CompressingStoredFieldsFormat(
            "TonearmStoredFieldsCompact", org.apache.lucene.codecs.compressing.CompressionMode.FAST, 2 * 1024, 128, 10);
        Codec writer = new org.apache.lucene.codecs.FilterCodec("Tonearm2c", new org.apache.lucene.codecs.lucene104.Lucene104Codec()) {
            @Override
            public org.apache.lucene.codecs.StoredFieldsFormat storedFieldsFormat() {
                return plain;
            }
        };
        int n = 1000;
        try (IndexWriter w = new IndexWriter(FSDirectory.open(dir), new IndexWriterConfig().setCodec(writer))) {
            for (int i = 0; i < n; i++) {
                Document d = new Document();
                d.add(new StoredField("i", i));
                d.add(new StoredField(Fields.DATA, textRecord(i)));
                w.addDocument(d);
            }
        }
        // opened through the SPI registration: the catalog's Tonearm2c, with the keeping decoder
        try (DirectoryReader r = DirectoryReader.open(FSDirectory.open(dir))) {
            StoredFields stored = r.storedFields();
            for (int k = n - 1; k >= 0; k--) {
                BytesRef b = stored.document(k).getBinaryValue(Fields.DATA);
                assertArrayEquals(textRecord(k), Arrays.copyOfRange(b.bytes, b.offset, b.offset + b.length), "document " + k);
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
    void anImportWritesTheSearchIndexesCompactAndNoLuceneIndexForFeatures() throws Exception {
        try (Catalog c = TestCatalogs.open(TestCatalogs.syntheticData())) {
            assertEquals("Tonearm2c", codec(c.tracksIndex()));
            assertEquals("Tonearm2c", codec(c.albumsIndex()));
            assertEquals("Tonearm2c", codec(c.artistsIndex()));
            assertTrue(c.info().audioFeatures() > 0);
        }
        Path features = new CatalogStore(TestCatalogs.syntheticData().resolve("catalog")).current().orElseThrow()
            .resolve(Fields.FEATURES);
        assertFalse(Files.exists(features), "audio features are a record file and an id table, no Lucene index");
        assertTrue(Files.size(RecordFile.file(features)) > 0);
        assertTrue(Files.size(IdTable.file(features)) > 0);
    }

    private static String codec(Catalog.Index index) {
        return ((SegmentReader) index.reader.leaves().getFirst().reader()).getSegmentInfo().info.getCodec().getName();
    }

    @Test
    void catalogsWrittenWithTheLz4CodecStillRead() throws IOException {
        roundTrip(new CatalogCodec.Lz4(), "Tonearm1");
    }
}
