package org.tonearm.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordFileTest {
    @TempDir
    Path tmp;

    /** Records of every shape: empty, tiny, repetitive (LZ4 pays), random (it does not), and larger than a block. */
    private static byte[] record(int thread, int i) {
        Random r = new Random(thread * 1_000_003L + i);
        return switch (i % 7) {
            case 0 -> new byte[0];
            case 1 -> ("track " + thread + "/" + i).getBytes(StandardCharsets.UTF_8);
            case 2 -> ("https://i.scdn.co/image/ab67616d0000b273 " + i + " ").repeat(1 + r.nextInt(20)).getBytes(StandardCharsets.UTF_8);
            case 3 -> {
                byte[] b = new byte[r.nextInt(300)];
                r.nextBytes(b);
                yield b;
            }
            case 4 -> {
                byte[] b = new byte[2048 + r.nextInt(6000)];
                r.nextBytes(b);
                yield b;
            }
            default -> ("名前 Beyoncé \"quoted\" " + i).repeat(1 + r.nextInt(4)).getBytes(StandardCharsets.UTF_8);
        };
    }

    @Test
    void everyRecordWrittenFromSeveralThreadsReadsBackByItsAddress() throws Exception {
        Path index = tmp.resolve("tracks");
        int threads = 3;
        int perThread = 4000;
        long[][] addresses = new long[threads][perThread];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (RecordFile.Writer w = new RecordFile.Writer(RecordFile.file(index))) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    RecordFile.Block b = w.block();
                    for (int i = 0; i < perThread; i++) {
                        byte[] rec = record(thread, i);
                        addresses[thread][i] = b.add(rec, 0, rec.length);
                    }
                    b.flush();
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            w.finish();
        } finally {
            pool.shutdownNow();
        }
        long raw = 0;
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                raw += record(t, i).length;
            }
        }
        assertTrue(Files.size(RecordFile.file(index)) < raw, "repetitive records are stored compressed");
        try (RecordFile f = RecordFile.open(index)) {
            for (long[] a : addresses) {
                for (int i = 0; i < a.length; i++) {
                    a[i] = f.fileAddress(a[i]);
                }
            }
            // in an order unlike the writing one, so blocks are decoded again and again
            Random r = new Random(5);
            for (int n = 0; n < threads * perThread * 2; n++) {
                int t = r.nextInt(threads);
                int i = r.nextInt(perThread);
                assertArrayEquals(record(t, i), f.get(addresses[t][i]), t + "/" + i);
            }
            for (int t = 0; t < threads; t++) {
                for (int i = 0; i < perThread; i++) {
                    assertArrayEquals(record(t, i), f.get(addresses[t][i]), t + "/" + i);
                }
            }
            assertNull(f.get(-1));
            assertNull(f.get(Files.size(RecordFile.file(index)) << RecordFile.PLACE_BITS), "past the blocks");
            assertEquals(-1, f.fileAddress(Long.MAX_VALUE >>> 8), "a block number never begun");
            long last = addresses[0][perThread - 1];
            assertNull(f.get(last | ((1L << RecordFile.PLACE_BITS) - 1)), "a place past the block's last record");
        }
    }

    @Test
    void recordsPastFourGigabytesReadBack() throws IOException {
        // a sparse file: the blocks start at 5 GB (a 50M-track catalog's tracks file is larger than that), so
        // every position in the block headers needs more than 32 bits
        Path index = tmp.resolve("large");
        long start = 5L << 30;
        List<Long> addresses = new ArrayList<>();
        try (RecordFile.Writer w = new RecordFile.Writer(RecordFile.file(index), start)) {
            RecordFile.Block b = w.block();
            for (int i = 0; i < 3000; i++) {
                byte[] rec = record(1, i);
                addresses.add(b.add(rec, 0, rec.length));
            }
            b.flush();
            w.finish();
        }
        assertTrue(Files.size(RecordFile.file(index)) > start);
        try (RecordFile f = RecordFile.open(index)) {
            for (int i = 2999; i >= 0; i--) {
                long a = f.fileAddress(addresses.get(i));
                assertTrue(a >>> RecordFile.PLACE_BITS >= start);
                assertArrayEquals(record(1, i), f.get(a), "record " + i);
            }
        }
    }

    @Test
    void aBlockNeverWrittenFailsTheFile() throws IOException {
        Path index = tmp.resolve("albums");
        try (RecordFile.Writer w = new RecordFile.Writer(RecordFile.file(index))) {
            RecordFile.Block b = w.block();
            b.add(new byte[] {1, 2, 3}, 0, 3);
            IOException e = assertThrows(IOException.class, w::finish);
            assertTrue(e.getMessage().contains("1 blocks begun, 0 written"), e.getMessage());
        }
    }

    @Test
    void aFileCutShortOrDamagedDoesNotOpen() throws IOException {
        Path index = tmp.resolve("artists");
        try (RecordFile.Writer w = new RecordFile.Writer(RecordFile.file(index))) {
            RecordFile.Block b = w.block();
            for (int i = 0; i < 500; i++) {
                byte[] rec = record(0, i);
                b.add(rec, 0, rec.length);
            }
            b.flush();
            w.finish();
        }
        Path f = RecordFile.file(index);
        try (RecordFile r = RecordFile.open(index)) {
            assertEquals(0, r.get(r.fileAddress(0)).length);
            assertArrayEquals(record(0, 1), r.get(r.fileAddress(1)));
        }
        long size = Files.size(f);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(size - 3);
        }
        IOException e = assertThrows(IOException.class, () -> RecordFile.open(index));
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
        Files.write(f, new byte[10]);
        e = assertThrows(IOException.class, () -> RecordFile.open(index));
        assertTrue(e.getMessage().contains("cut short"), e.getMessage());
        assertNull(RecordFile.open(tmp.resolve("features")), "an index without a record file keeps stored fields");
    }

    @Test
    void aDamagedCompressedBlockFailsItsOwnReadsAndNoOthers() throws IOException {
        Path index = tmp.resolve("albums");
        List<Long> addresses = new ArrayList<>();
        List<byte[]> records = new ArrayList<>();
        try (RecordFile.Writer w = new RecordFile.Writer(RecordFile.file(index))) {
            RecordFile.Block b = w.block();
            for (int i = 0; i < 200; i++) {
                byte[] rec = ("https://i.scdn.co/image/ab67616d0000b273 album " + i + " ").repeat(3).getBytes(StandardCharsets.UTF_8);
                records.add(rec);
                addresses.add(b.add(rec, 0, rec.length));
            }
            b.flush();
            w.finish();
        }
        Path f = RecordFile.file(index);
        long first;
        long second;
        try (RecordFile r = RecordFile.open(index)) {
            first = r.fileAddress(addresses.get(0));
            second = -1;
            for (long a : addresses) {
                long fa = r.fileAddress(a);
                if (fa >>> RecordFile.PLACE_BITS != first >>> RecordFile.PLACE_BITS) {
                    second = fa;
                    break;
                }
            }
        }
        assertTrue(second > 0, "the records fill more than one block");
        // the first block: mode byte (LZ4), count, each record's length and the stored length as vints, then the body
        byte[] file = Files.readAllBytes(f);
        int at = (int) (first >>> RecordFile.PLACE_BITS);
        assertEquals(1, file[at], "repetitive records are compressed");
        int cursor = at + 1;
        int[] vint = new int[1];
        cursor = vint(file, cursor, vint);
        int count = vint[0];
        for (int i = 0; i < count; i++) {
            cursor = vint(file, cursor, vint);
        }
        cursor = vint(file, cursor, vint);
        int storedLength = vint[0];
        // 0xFF throughout: a literal run whose length never ends, so a reader that did not stop at the block's end
        // would run on into the next block
        java.util.Arrays.fill(file, cursor, cursor + storedLength, (byte) 0xFF);
        Files.write(f, file);
        try (RecordFile r = RecordFile.open(index)) {
            for (int place : new int[] {0, count - 1}) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.get(first + place));
                assertTrue(e.getMessage().contains("damaged"), e.getMessage());
            }
            for (int i = 0; i < addresses.size(); i++) {
                long a = r.fileAddress(addresses.get(i));
                if (a >>> RecordFile.PLACE_BITS != first >>> RecordFile.PLACE_BITS) {
                    assertArrayEquals(records.get(i), r.get(a), "record " + i + " of an undamaged block");
                }
            }
            assertThrows(IllegalStateException.class, () -> r.get(first), "and again after other blocks were read");
        }
    }

    private static int vint(byte[] b, int at, int[] value) {
        int v = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = b[at++];
            v |= (x & 0x7F) << shift;
            if (x >= 0) {
                value[0] = v;
                return at;
            }
        }
    }

    @Test
    void anImportedCatalogKeepsItsRecordsOutsideLuceneAndRefusesToOpenWithoutTheirTables() throws IOException {
        Path source = new CatalogStore(TestCatalogs.sampleData().resolve("catalog")).current().orElseThrow();
        Path copy = tmp.resolve("catalog-copy");
        try (var files = Files.walk(source)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.copy(p, copy.resolve(source.relativize(p).toString()));
            }
        }
        for (String index : List.of(Fields.TRACKS, Fields.ALBUMS, Fields.ARTISTS, Fields.FEATURES)) {
            assertTrue(Files.size(RecordFile.file(copy.resolve(index))) > 0, index);
        }
        try (Catalog c = Catalog.open(copy)) {
            assertEquals(393, c.info().tracks());
            try (var leaf = org.apache.lucene.index.DirectoryReader.open(
                org.apache.lucene.store.FSDirectory.open(copy.resolve(Fields.TRACKS)))) {
                assertEquals(0, leaf.leaves().stream().mapToLong(l -> {
                    try {
                        long n = 0;
                        var stored = l.reader().storedFields();
                        for (int d = 0; d < l.reader().maxDoc(); d++) {
                            n += stored.document(d).getFields().size();
                        }
                        return n;
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).sum(), "no stored fields: the records are in the record file");
            }
        }
        Files.delete(DocAddresses.file(copy.resolve(Fields.TRACKS)));
        IOException e = assertThrows(IOException.class, () -> Catalog.open(copy));
        assertTrue(e.getMessage().contains("import the dump again"), e.getMessage());
    }
}
