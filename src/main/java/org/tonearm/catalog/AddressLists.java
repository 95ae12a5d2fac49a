package org.tonearm.catalog;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.LongPredicate;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.util.BytesRef;

/**
 * A memory-mapped table from an id to a short list of record addresses, written once after an import: an album's
 * tracks in disc and track order ({@link AlbumTrackTable}), an artist's most popular tracks ({@link TopTrackTable}).
 * Slots hold 32 bits of the id's hash and where its list starts; a list is confirmed by its first record (the
 * caller reads it and says whether it belongs to the id), so a hash collision costs one more probe and never
 * returns another id's list.
 *
 * <p>Layout: a {@link TableFile} header, the slots (8 bytes each), then each list as its length and its addresses,
 * 8 bytes each. Album track tables of catalogs written before record files have 4-byte lengths and document
 * numbers instead ({@link #openInts}), with slots that count 4-byte units.
 */
final class AddressLists implements AutoCloseable {
    private static final long EMPTY = -1L;

    private final Arena arena;
    private final MemorySegment slots;
    private final MemorySegment lists;
    private final long mask;
    /** Whether lengths and entries are 4 bytes (document numbers) rather than 8. */
    private final boolean ints;

    private AddressLists(TableFile.Mapped m, boolean ints) {
        this.arena = m.arena();
        this.slots = m.slots();
        this.lists = m.rest();
        this.mask = m.slotCount() - 1;
        this.ints = ints;
    }

    /** Maps a table file, or returns null when there is none or its magic or identity differs. */
    static AddressLists open(Path f, long magic, TableFile.Identity identity) throws IOException {
        TableFile.Mapped m = TableFile.open(f, magic, false, s -> Long.bitCount(s) == 1, identity);
        return m == null ? null : new AddressLists(m, false);
    }

    /** Maps a table of 4-byte lists written for the documents of {@code reader}, or returns null. */
    static AddressLists openInts(Path f, long magic, DirectoryReader reader) throws IOException {
        TableFile.Mapped m = TableFile.open(f, magic, reader, false);
        return m == null ? null : new AddressLists(m, true);
    }

    /** Whether the entries are document numbers (see {@link #openInts}) rather than record addresses. */
    boolean holdsDocuments() {
        return ints;
    }

    private long entry(long at) {
        return ints ? lists.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, at) : lists.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, at);
    }

    /** The slots' and lists' mappings (for {@link TableFile#touch}). */
    List<MemorySegment> mappings() {
        return List.of(slots, lists);
    }

    /**
     * The id's list, or an empty array when the table has none; {@code first} tells whether the record at an
     * address belongs to the id, and is asked once per candidate list, with the list's first address.
     */
    long[] find(BytesRef id, LongPredicate first) {
        long h = IdTable.hash(id.bytes, id.offset, id.length);
        int fingerprint = (int) (h >>> 32);
        for (long slot = h & mask; ; slot = (slot + 1) & mask) {
            long v = slots.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, slot);
            if (v == EMPTY) {
                return new long[0];
            }
            if ((int) (v >>> 32) == fingerprint) {
                long at = Integer.toUnsignedLong((int) v);
                int n = (int) entry(at);
                if (n > 0 && first.test(entry(at + 1))) {
                    long[] out = new long[n];
                    if (ints) {
                        for (int k = 0; k < n; k++) {
                            out[k] = entry(at + 1 + k);
                        }
                    } else {
                        MemorySegment.copy(lists, ValueLayout.JAVA_LONG_UNALIGNED, (at + 1) * 8, out, 0, n);
                    }
                    return out;
                }
            }
        }
    }

    @Override
    public void close() {
        arena.close();
    }

    /**
     * Writes a table: lists added one by one, each under its id's {@link IdTable#hash}, into a temporary file that
     * {@link #finish} renames over the table's name, so a table cut short is never found under it.
     */
    static final class Writer implements AutoCloseable {
        private final Path file;
        private final Path tmp;
        private final Arena arena = Arena.ofConfined();
        private final FileChannel ch;
        private final MemorySegment header;
        private final MemorySegment slots;
        private final long slotCount;
        private ByteBuffer out = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.nativeOrder());
        private long filePos;
        /** Where the next list starts, in 8-byte units after the slots. */
        private long written;
        private boolean finished;

        /** A writer for at most {@code ids} lists. */
        Writer(Path file, long ids) throws IOException {
            this.file = file;
            this.tmp = file.resolveSibling(file.getFileName() + ".tmp");
            this.slotCount = Long.highestOneBit(Math.max(16, ids * 4 / 3)) << 1;
            this.ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                long listStart = TableFile.HEADER + slotCount * 8;
                this.header = ch.map(FileChannel.MapMode.READ_WRITE, 0, listStart, arena);
                this.slots = header.asSlice(TableFile.HEADER);
                slots.fill((byte) 0xFF);
                this.filePos = listStart;
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
        }

        /** Adds the list of the id whose hash is {@code hash}: {@code n} addresses from {@code from}. */
        void add(long hash, long[] addresses, int from, int n) throws IOException {
            if (written + n + 1 > 0xFFFF_FFFFL) {
                throw new IOException("table " + file + ": too many addresses");
            }
            int bytes = (n + 1) * 8;
            if (out.remaining() < bytes) {
                flush();
                if (out.capacity() < bytes) {
                    out = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
                }
            }
            long mask = slotCount - 1;
            long slot = hash & mask;
            while (slots.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, slot) != EMPTY) {
                slot = (slot + 1) & mask;
            }
            slots.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, slot, (hash >>> 32) << 32 | written);
            out.putLong(n);
            for (int k = 0; k < n; k++) {
                out.putLong(addresses[from + k]);
            }
            written += n + 1;
        }

        private void flush() throws IOException {
            out.flip();
            while (out.hasRemaining()) {
                filePos += ch.write(out, filePos);
            }
            out.clear();
        }

        /** Writes out the lists and the header with the identity values, and renames the file into place. */
        void finish(long magic, long first, long second) throws IOException {
            flush();
            ch.force(true);
            TableFile.writeHeader(header, magic, slotCount, first, second);
            ch.close();
            arena.close();
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            finished = true;
        }

        @Override
        public void close() throws IOException {
            if (finished) {
                return;
            }
            try {
                ch.close();
                arena.close();
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
