package org.tonearm.catalog;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.apache.lucene.index.DirectoryReader;

/**
 * The file layout the catalog's memory-mapped tables share ({@link IdTable}, {@link AlbumTrackTable},
 * {@link DocAddresses}): a header of four longs (magic, slot count, and two values naming what the table was written
 * for, so a table written for other documents is never used: the Lucene index's maxDoc and numDocs, or for an id
 * table the record file's block count and the table's entry count), then the slots, 8 bytes each, then whatever the
 * table keeps after them.
 */
final class TableFile {
    static final int HEADER = 32;

    /**
     * A mapped table: its arena (closed with the table), the slots, what follows them, the slot count, and the
     * header's second identity value (the live document count, or an id table's entry count).
     */
    record Mapped(Arena arena, MemorySegment slots, MemorySegment rest, long slotCount, long second) {
    }

    private TableFile() {
    }

    /** A whole file mapped read-only, and the arena that unmaps it when closed. */
    record Mapping(Arena arena, MemorySegment segment) {
    }

    /** Maps a whole file read-only in an arena of its own, or returns null when there is no such file. */
    static Mapping map(Path f) throws IOException {
        if (!Files.exists(f)) {
            return null;
        }
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            return new Mapping(arena, ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena));
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** Fills a table being written: the whole file, and the part after the header (already set to -1). */
    @FunctionalInterface
    interface Fill {
        void fill(MemorySegment file, MemorySegment body) throws IOException;
    }

    /**
     * Writes a table file of a header and {@code bodyBytes}: into a temporary file mapped read-write, its body set
     * to -1 bytes, filled by {@code fill} (which writes the header last and forces the mapping), then renamed over
     * {@code f}, so a table cut short is never found under its name.
     */
    static void write(Path f, long bodyBytes, Fill fill) throws IOException {
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        try (Arena arena = Arena.ofConfined();
             FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                 StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MemorySegment m = ch.map(FileChannel.MapMode.READ_WRITE, 0, HEADER + bodyBytes, arena);
            MemorySegment body = m.asSlice(HEADER);
            body.fill((byte) 0xFF);
            fill.fill(m, body);
        }
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Maps a hash table's file (its slot count a power of two), or returns null when there is none, its magic
     * differs, or it was written for other documents than the reader's.
     *
     * @param exact whether the file must end with its slots
     */
    static Mapped open(Path f, long magic, DirectoryReader reader, boolean exact) throws IOException {
        return open(f, magic, reader, exact, slots -> Long.bitCount(slots) == 1);
    }

    /**
     * Maps a table file whose slot count {@code slotsFit} accepts, or returns null when there is none, its magic
     * differs, the slot count does not fit, or it was written for other documents than the reader's.
     *
     * @param exact whether the file must end with its slots
     */
    static Mapped open(Path f, long magic, DirectoryReader reader, boolean exact, java.util.function.LongPredicate slotsFit)
        throws IOException {
        return open(f, magic, exact, slotsFit, (maxDoc, numDocs) -> maxDoc == reader.maxDoc() && numDocs == reader.numDocs());
    }

    /** Tells whether a table's two identity values (header longs 2 and 3) are those of what it is opened for. */
    @FunctionalInterface
    interface Identity {
        boolean matches(long first, long second);
    }

    /**
     * Maps a table file whose slot count {@code slotsFit} accepts and whose identity values {@code identity}
     * accepts, or returns null when there is none or any of that differs.
     *
     * @param exact whether the file must end with its slots
     */
    static Mapped open(Path f, long magic, boolean exact, java.util.function.LongPredicate slotsFit, Identity identity)
        throws IOException {
        Mapping mapping = map(f);
        if (mapping == null) {
            return null;
        }
        Arena arena = mapping.arena();
        try {
            MemorySegment m = mapping.segment();
            long size = m.byteSize();
            long slots = size >= HEADER ? m.get(ValueLayout.JAVA_LONG_UNALIGNED, 8) : 0;
            long end = HEADER + slots * 8;
            if (size < HEADER || m.get(ValueLayout.JAVA_LONG_UNALIGNED, 0) != magic || slots < 0 || !slotsFit.test(slots)
                || !identity.matches(m.get(ValueLayout.JAVA_LONG_UNALIGNED, 16), m.get(ValueLayout.JAVA_LONG_UNALIGNED, 24))
                || (exact ? size != end : size < end)) {
                arena.close();
                return null;
            }
            return new Mapped(arena, m.asSlice(HEADER, slots * 8), m.asSlice(end), slots,
                m.get(ValueLayout.JAVA_LONG_UNALIGNED, 24));
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Touches every page of a mapping, in slices of 64 MB until done or {@code stop} says so, so the process maps
     * them now rather than on first use; returns the bytes touched. On a catalog in the page cache, a first
     * touch is still a page fault of its own, which on a virtual machine with memory full of cache costs some 20
     * µs: two or three per lookup made lookups on 50M tracks five times slower than on 1M until every page had
     * been touched once.
     */
    static long touch(MemorySegment m, java.util.function.BooleanSupplier stop) {
        long size = m.byteSize();
        int sink = 0;
        for (long at = 0; at < size; at += 4096) {
            sink += m.get(ValueLayout.JAVA_BYTE, at);
            if ((at & ((64 << 20) - 1)) == 0 && stop.getAsBoolean()) {
                return at;
            }
        }
        touched = sink;
        return size;
    }

    /** Keeps the touches of {@link #touch} from being optimised away. */
    @SuppressWarnings("unused")
    private static volatile int touched;

    /** Writes the header last, once the slots are filled, so a table cut short never opens. */
    static void writeHeader(MemorySegment m, long magic, long slots, DirectoryReader reader) {
        writeHeader(m, magic, slots, reader.maxDoc(), reader.numDocs());
    }

    /** Writes the header with its two identity values last and forces the mapping. */
    static void writeHeader(MemorySegment m, long magic, long slots, long first, long second) {
        m.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, magic);
        m.set(ValueLayout.JAVA_LONG_UNALIGNED, 8, slots);
        m.set(ValueLayout.JAVA_LONG_UNALIGNED, 16, first);
        m.set(ValueLayout.JAVA_LONG_UNALIGNED, 24, second);
        m.force();
    }
}
