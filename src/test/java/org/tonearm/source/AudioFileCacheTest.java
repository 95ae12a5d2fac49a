package org.tonearm.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tonearm.TonearmException;

class AudioFileCacheTest {
    @TempDir
    Path dir;

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] read(AudioFileCache.Reader r) throws IOException {
        try (r) {
            return r.stream(0).readAllBytes();
        }
    }

    @Test
    void concurrentReadersOfAMissingFileShareOneProduction() throws Exception {
        byte[] data = bytes(3_000_000, 1);
        AtomicInteger productions = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        try (AudioFileCache cache = new AudioFileCache(dir, 100 << 20);
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return read(cache.open("k1", out -> {
                        productions.incrementAndGet();
                        for (int off = 0; off < data.length; off += 100_000) {
                            out.write(data, off, Math.min(100_000, data.length - off));
                            try {
                                Thread.sleep(5);
                            } catch (InterruptedException e) {
                                throw new IOException(e);
                            }
                        }
                    }));
                }));
            }
            go.countDown();
            for (Future<byte[]> f : results) {
                assertArrayEquals(data, f.get());
            }
            assertEquals(1, productions.get());
            assertTrue(cache.contains("k1"));
            assertArrayEquals(data, read(cache.open("k1", out -> {
                throw new AssertionError("a cached file is not produced again");
            })));
        }
    }

    @Test
    void aFailedProductionLeavesNoFileAndTheReaderSeesTheError() throws Exception {
        try (AudioFileCache cache = new AudioFileCache(dir, 100 << 20)) {
            AudioFileCache.Reader r = cache.open("bad", out -> {
                out.write(bytes(200_000, 2));
                out.flush();
                throw new TonearmException.UpstreamFailed("VK cut the connection");
            });
            TonearmException.UpstreamFailed e = assertThrows(TonearmException.UpstreamFailed.class, () -> read(r));
            assertTrue(e.getMessage().contains("cut"));
            assertFalse(cache.contains("bad"));
            try (Stream<Path> all = Files.walk(dir)) {
                assertEquals(0, all.filter(Files::isRegularFile).count(), "no partial file is left");
            }
        }
    }

    @Test
    void leastRecentlyUsedFilesAreEvictedOverTheSizeLimitAndTheIndexSurvivesRestarts() throws Exception {
        try (AudioFileCache cache = new AudioFileCache(dir, 2_500_000)) {
            read(cache.open("a", out -> out.write(bytes(1_000_000, 3))));
            Thread.sleep(20);
            read(cache.open("b", out -> out.write(bytes(1_000_000, 4))));
            Thread.sleep(20);
            read(cache.open("a", out -> {
                throw new AssertionError("cached");
            }));
            read(cache.open("c", out -> out.write(bytes(1_000_000, 5))));
            assertTrue(cache.contains("a"), "a was used recently");
            assertFalse(cache.contains("b"), "b was the least recently used");
            assertTrue(cache.contains("c"));
            assertFalse(Files.exists(dir.resolve("b.mp3")));
            assertTrue(cache.totalBytes() <= 2_500_000);
        }
        try (AudioFileCache again = new AudioFileCache(dir, 2_500_000)) {
            assertTrue(again.contains("a") && again.contains("c"));
            assertEquals(2_000_000, again.totalBytes());
        }
    }
}
