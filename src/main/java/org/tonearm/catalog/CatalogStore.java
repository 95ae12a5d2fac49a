package org.tonearm.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where catalogs live on disk: {@code ROOT/v-STAMP/} folders, the serving one named by {@code ROOT/CURRENT}.
 * A new catalog is built in {@code v-STAMP.partial/} and becomes current by one atomic rename of the pointer,
 * so a failed or killed import never touches the catalog being served.
 */
public final class CatalogStore {
    private static final Logger log = LoggerFactory.getLogger(CatalogStore.class);
    private static final String CURRENT = "CURRENT";
    private static final String PARTIAL = ".partial";

    private final Path root;

    public CatalogStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The folder of the catalog being served, if any. */
    public Optional<Path> current() {
        try {
            String name = Files.readString(root.resolve(CURRENT), StandardCharsets.UTF_8).trim();
            Path dir = root.resolve(name);
            return name.isEmpty() || !Files.isDirectory(dir) ? Optional.empty() : Optional.of(dir);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Last-modified time of the pointer, to notice a swap made by another process. */
    public long pointerStamp() {
        try {
            return Files.getLastModifiedTime(root.resolve(CURRENT)).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Holds the import lock for as long as it is open: two imports into one data folder would race. */
    public final class Build implements AutoCloseable {
        private final FileChannel lockChannel;
        private final FileLock lock;
        private final Path dir;

        private Build(FileChannel lockChannel, FileLock lock, Path dir) {
            this.lockChannel = lockChannel;
            this.lock = lock;
            this.dir = dir;
        }

        /** The fresh folder the new catalog is written into. */
        public Path dir() {
            return dir;
        }

        /** Makes the finished catalog current (atomically) and removes older ones. */
        public Path publish() throws IOException {
            String name = dir.getFileName().toString();
            String finalName = name.substring(0, name.length() - PARTIAL.length());
            Path target = root.resolve(finalName);
            Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
            Path tmp = root.resolve(CURRENT + ".tmp");
            Files.writeString(tmp, finalName + "\n", StandardCharsets.UTF_8);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, root.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (Stream<Path> s = Files.list(root)) {
                for (Path p : s.toList()) {
                    String n = p.getFileName().toString();
                    if (Files.isDirectory(p) && n.startsWith("v-") && !n.equals(finalName)) {
                        deleteTree(p);
                    }
                }
            }
            log.info("catalog {} is now current", target);
            return target;
        }

        @Override
        public void close() throws IOException {
            if (Files.exists(dir)) {
                deleteTree(dir);
            }
            lock.release();
            lockChannel.close();
        }
    }

    /**
     * Starts building a new catalog: takes the lock, clears what an interrupted import left, makes a fresh folder.
     *
     * @throws IllegalStateException when another import holds the lock
     */
    public Build begin() throws IOException {
        Files.createDirectories(root);
        FileChannel ch = FileChannel.open(root.resolve("import.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new IllegalStateException("another import is running into " + root);
        }
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.toList()) {
                if (p.getFileName().toString().endsWith(PARTIAL)) {
                    log.info("removing {} left by an interrupted import", p);
                    deleteTree(p);
                }
            }
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
        Path dir = root.resolve("v-" + stamp + PARTIAL);
        Files.createDirectories(dir);
        return new Build(ch, lock, dir);
    }

    /** Deletes a file or a folder with everything in it; nothing when it does not exist. */
    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
