package org.tonearm.source;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tonearm.TonearmException;

/**
 * Audio files on disk by key, bounded in size with least-recently-used eviction. A missing file is produced once
 * however many ask at the same time, into a temporary file that readers follow as it grows; only a complete file is
 * moved (atomically) into the cache, so a failed or abandoned download never leaves a broken file behind.
 */
public final class AudioFileCache implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AudioFileCache.class);
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    /** Writes the file's bytes; the cache decides where they go. */
    @FunctionalInterface
    public interface Producer {
        void produce(OutputStream out) throws IOException;
    }

    private final Path dir;
    private final Path tmp;
    private final long maxBytes;
    private final LinkedHashMap<String, Long> lru = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Download> inflight = new HashMap<>();
    /** Platform threads: bulk socket reads on virtual threads go through the poller and cost a third of the throughput. */
    private final ExecutorService workers = Executors.newCachedThreadPool(Thread.ofPlatform().name("audio-fetch-", 0).daemon().factory());
    private long total;
    private long produced;

    public AudioFileCache(Path dir, long maxBytes) throws IOException {
        this.dir = dir;
        this.tmp = dir.resolve(".partial");
        this.maxBytes = maxBytes;
        Files.createDirectories(tmp);
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(tmp)) {
            for (Path p : leftovers) {
                Files.deleteIfExists(p);
            }
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(dir, "*.mp3")) {
            all.forEach(files::add);
        }
        files.sort(Comparator.comparing(AudioFileCache::mtime));
        for (Path f : files) {
            String name = f.getFileName().toString();
            long size = Files.size(f);
            lru.put(name.substring(0, name.length() - 4), size);
            total += size;
        }
        log.info("audio cache {}: {} files, {} MB of {} MB", dir, lru.size(), total >> 20, maxBytes >> 20);
    }

    private static FileTime mtime(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** Whether a complete file is cached under {@code key}. */
    public synchronized boolean contains(String key) {
        return lru.containsKey(key) && Files.exists(file(key));
    }

    /** How many files this cache produced since it started (each miss that was fetched counts once). */
    public synchronized long produced() {
        return produced;
    }

    public synchronized long totalBytes() {
        return total;
    }

    /**
     * Opens the file under {@code key}, producing it with {@code producer} when it is neither cached nor already
     * being produced. The caller must close the reader.
     */
    public Reader open(String key, Producer producer) throws IOException {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("bad cache key");
        }
        synchronized (this) {
            Path f = file(key);
            if (lru.containsKey(key)) {
                try {
                    FileChannel ch = FileChannel.open(f, StandardOpenOption.READ);
                    lru.get(key);
                    Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis()));
                    return new Reader(ch, null, f);
                } catch (NoSuchFileException gone) {
                    total -= lru.remove(key);
                }
            }
            Download d = inflight.get(key);
            if (d != null) {
                return new Reader(FileChannel.open(d.temp, StandardOpenOption.READ), d, null);
            }
            Download started = new Download(key, tmp.resolve(key + "." + UUID.randomUUID() + ".part"));
            Files.createFile(started.temp);
            Reader reader = new Reader(FileChannel.open(started.temp, StandardOpenOption.READ), started, null);
            inflight.put(key, started);
            produced++;
            workers.submit(() -> run(started, producer));
            return reader;
        }
    }

    private void run(Download d, Producer producer) {
        long started = System.nanoTime();
        try {
            // no TRUNCATE_EXISTING (the file was created empty): on ext4 a truncated file is flushed to disk on close
            try (OutputStream out = new Progress(Channels.newOutputStream(FileChannel.open(d.temp, StandardOpenOption.WRITE)), d)) {
                producer.produce(out);
            }
            Path target = file(d.key);
            synchronized (this) {
                long size = Files.size(d.temp);
                Files.move(d.temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                Long old = lru.put(d.key, size);
                total += size - (old == null ? 0 : old);
                inflight.remove(d.key);
                evict(d.key);
            }
            log.info("cached {} ({} KB in {} ms)", d.key, Files.size(target) >> 10, (System.nanoTime() - started) / 1_000_000);
            d.finish(target, null);
        } catch (Throwable e) {
            synchronized (this) {
                inflight.remove(d.key);
                try {
                    Files.deleteIfExists(d.temp);
                } catch (IOException ignored) {
                    // the next start clears .partial anyway
                }
            }
            log.warn("producing {} failed: {}", d.key, e.getMessage());
            d.finish(null, e);
        }
    }

    private void evict(String keep) {
        Iterator<Map.Entry<String, Long>> it = lru.entrySet().iterator();
        while (total > maxBytes && it.hasNext()) {
            Map.Entry<String, Long> eldest = it.next();
            if (eldest.getKey().equals(keep)) {
                continue;
            }
            try {
                Files.deleteIfExists(file(eldest.getKey()));
            } catch (IOException e) {
                log.warn("cannot evict {}: {}", eldest.getKey(), e.getMessage());
                continue;
            }
            total -= eldest.getValue();
            it.remove();
            log.info("evicted {} (cache over {} MB)", eldest.getKey(), maxBytes >> 20);
        }
    }

    private Path file(String key) {
        return dir.resolve(key + ".mp3");
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    /** One file being produced: how far it has got, and how it ended. */
    private static final class Download {
        static final long BATCH = 256 * 1024;
        static final long BATCH_WAIT_NANOS = 20_000_000;
        final String key;
        final Path temp;
        final CompletableFuture<Path> done = new CompletableFuture<>();
        private long written;
        private long expected = -1;
        /** The smallest {@link #written} a waiting reader wakes up for: the producer does not wake readers per write. */
        private long wakeAt = Long.MAX_VALUE;
        private boolean finished;
        private Throwable error;

        Download(String key, Path temp) {
            this.key = key;
            this.temp = temp;
        }

        synchronized void expect(long bytes) {
            expected = bytes;
        }

        synchronized long expected() {
            return expected;
        }

        synchronized void advance(long n) {
            written += n;
            if (written >= wakeAt) {
                wakeAt = Long.MAX_VALUE;
                notifyAll();
            }
        }

        void finish(Path target, Throwable e) {
            synchronized (this) {
                finished = true;
                error = e;
                notifyAll();
            }
            if (e == null) {
                done.complete(target);
            } else {
                done.completeExceptionally(e);
            }
        }

        /** Waits until {@code pos} bytes are exceeded or the download ended; returns the bytes available. */
        synchronized long await(long pos) throws IOException {
            long deadline = 0;
            // once some bytes are there, wait a moment for a fuller batch: fewer wake-ups and system calls per byte
            while (!finished && (written <= pos || written - pos < BATCH)) {
                try {
                    if (written <= pos) {
                        wakeAt = Math.min(wakeAt, pos + 1);
                        wait();
                    } else {
                        long now = System.nanoTime();
                        if (deadline == 0) {
                            deadline = now + BATCH_WAIT_NANOS;
                        } else if (now >= deadline) {
                            break;
                        }
                        wakeAt = Math.min(wakeAt, pos + BATCH);
                        wait(Math.max(1, (deadline - now) / 1_000_000));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException();
                }
            }
            if (written <= pos && error != null) {
                throw failure(error);
            }
            return written;
        }
    }

    private static RuntimeException failure(Throwable e) {
        if (e instanceof TonearmException t) {
            return t;
        }
        return new TonearmException.UpstreamFailed("fetching the audio failed: " + e.getMessage(), e);
    }

    /**
     * Where a producer writes the file. A producer that knows the final size up front says so, and readers that start
     * before the file is complete can then announce its length.
     */
    public static final class Progress extends FilterOutputStream {
        private final Download d;

        private Progress(OutputStream out, Download d) {
            super(out);
            this.d = d;
        }

        /** The file will be exactly {@code bytes} long (a producer that ends up short must fail). */
        public void expectLength(long bytes) {
            d.expect(bytes);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            d.advance(len);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            d.advance(1);
        }
    }

    /** An open read of a cached file, or of one still arriving (then its length is unknown until it is complete). */
    public static final class Reader implements AutoCloseable {
        private final FileChannel channel;
        private final Download download;
        private final Path file;

        private Reader(FileChannel channel, Download download, Path file) {
            this.channel = channel;
            this.download = download;
            this.file = file;
        }

        /** Whether the whole file was already there when it was opened. */
        public boolean complete() {
            return download == null;
        }

        /** The size the file will have once complete (known for a complete file and often for an arriving one), or -1. */
        public long expectedLength() throws IOException {
            return download == null ? channel.size() : download.expected();
        }

        /** The size of a complete file. */
        public long length() throws IOException {
            if (download != null) {
                throw new IllegalStateException("still arriving");
            }
            return channel.size();
        }

        /**
         * Waits until the first bytes are there, so that a failure before any byte arrived can still be answered
         * with a proper error status.
         */
        public void awaitFirstBytes() throws IOException {
            if (download != null) {
                download.await(0);
            }
        }

        /** Waits for the whole file and returns where it now lives. */
        public Path awaitFile() throws IOException {
            if (download == null) {
                return file;
            }
            try {
                return download.done.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException();
            } catch (ExecutionException e) {
                throw failure(e.getCause());
            }
        }

        /** The bytes from {@code from}; for a file still arriving it follows the download to its end. */
        public InputStream stream(long from) {
            return Channels.newInputStream(follow(from));
        }

        /**
         * The bytes from {@code from}, read straight into the caller's buffer (a direct one goes from the page cache to
         * the socket without a copy through the heap); for a file still arriving it blocks until more bytes are there.
         */
        public ReadableByteChannel follow(long from) {
            return new ReadableByteChannel() {
                private long pos = from;

                @Override
                public int read(ByteBuffer dst) throws IOException {
                    if (!dst.hasRemaining()) {
                        return 0;
                    }
                    long available = (download == null ? channel.size() : download.await(pos)) - pos;
                    if (available <= 0) {
                        return -1;
                    }
                    int limit = dst.limit();
                    if (dst.remaining() > available) {
                        dst.limit(dst.position() + (int) available);
                    }
                    try {
                        int n = channel.read(dst, pos);
                        if (n < 0) {
                            return -1;
                        }
                        pos += n;
                        return n;
                    } finally {
                        dst.limit(limit);
                    }
                }

                @Override
                public boolean isOpen() {
                    return channel.isOpen();
                }

                @Override
                public void close() throws IOException {
                    channel.close();
                }
            };
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
