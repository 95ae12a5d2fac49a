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
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Writes, from the tracks' record file and id table alone, the two tables that group tracks by another entity: an
 * album's tracks in disc and track order ({@link AlbumTrackTable}) and an artist's most popular tracks
 * ({@link TopTrackTable}). The tracks' Lucene index then needs neither album nor artist ids, nor positions, and
 * an artist's top tracks are one short list instead of a sorted search over the artist's tracks.
 *
 * <p>Only live records count: a record is live when the id table's slot for its id holds its address (a repeated
 * id's earlier record is not). Tracks are grouped by album and by artist id through a hash table keyed by 96 bits
 * of two independent hashes of the id, in one pass over the records that counts each group's tracks and spills
 * (group, entry) pairs to a file; the spill is then read back to place the entries (a counting sort), and each
 * group is ordered on its own.
 */
final class TrackTables {
    /** How many tracks an artist's list keeps: a market-filtered top ten reads from the first fifty, as before. */
    static final int TOP = 50;
    /** Positions (disc * 10000 + track) above this sort as this: 105 discs and more. */
    private static final long MAX_POSITION = (1L << 20) - 1;
    private static final int ADDRESS_BITS = 44;
    private static final long ADDRESS_MASK = (1L << ADDRESS_BITS) - 1;
    private static final int RECENT = 4;

    private TrackTables() {
    }

    /**
     * Builds both tables of the tracks index in {@code tracksDir} from its record file and id table, which must
     * be written first, reading each record in place ({@link TrackRecord}, with the catalog's {@code markets}): one pass over the records groups and counts, each (group, entry) pair going to a
     * temporary file in scan order, which is then read back to place the entries.
     */
    static void build(Path tracksDir, Markets markets) throws IOException {
        try (RecordFile records = RecordFile.open(tracksDir);
             IdTable ids = records == null ? null : IdTable.open(tracksDir, null, records)) {
            if (ids == null || !ids.holdsAddresses()) {
                throw new IOException("track tables of " + tracksDir + ": the record file or id table is missing");
            }
            long expected = Math.max(16, ids.entries() / 8);
            Path albumFile = AlbumTrackTable.file(tracksDir);
            Path topFile = TopTrackTable.file(tracksDir);
            try (Groups albums = new Groups(expected, spill(albumFile)); Groups artists = new Groups(expected, spill(topFile))) {
                TrackRecord t = new TrackRecord(markets);
                records.scan((importAddress, address, b, offset, length) -> {
                    t.read(b, offset);
                    if (t.idLength() < 0 || !ids.holds(b, t.idStart(), t.idLength(), address)) {
                        return; // not the live record of its id
                    }
                    if (t.albumIdLength() >= 0) {
                        long position = Math.max(0,
                            Math.min(MAX_POSITION, (long) t.discNumber() * 10_000 + t.trackNumber()));
                        albums.add(albums.group(b, t.albumIdStart(), t.albumIdLength()), position << ADDRESS_BITS | address);
                    }
                    long popular = (long) (100 - Math.max(0, Math.min(100, t.popularity()))) << ADDRESS_BITS | address;
                    for (int i = 0; i < t.artistCount(); i++) {
                        if (t.artistIdLength(i) >= 0) {
                            artists.add(artists.group(b, t.artistIdStart(i), t.artistIdLength(i)), popular);
                        }
                    }
                });
                albums.write(albumFile, Integer.MAX_VALUE, AlbumTrackTable.MAGIC, records, ids);
                albums.close();
                artists.write(topFile, TOP, TopTrackTable.MAGIC, records, ids);
            }
        }
    }

    private static Path spill(Path table) {
        return table.resolveSibling(table.getFileName() + ".spill");
    }

    /**
     * A hash of a group's id independent of {@link IdTable#hash} (FNV-1a with other constants and a 32-bit
     * finish), so two ids share a group only if both hashes, 96 bits in all, collide.
     */
    static int hash2(byte[] b, int off, int len) {
        int h = 0x811C9DC5;
        for (int i = off; i < off + len; i++) {
            h = (h ^ b[i]) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h;
    }

    /**
     * Groups of tracks under an id: an off-heap open-addressing table from the id's two hashes to the group's
     * number (numbered as first seen) and each group's count, while the (group, entry) pairs go to a spill file
     * in the order added; then all entries placed by group (a counting sort), each group's sorted, keys whose low
     * 44 bits are a record address.
     */
    private static final class Groups implements AutoCloseable {
        private final Arena arena = Arena.ofConfined(); // one thread builds the tables
        private final Path spill;
        private final FileChannel spillChannel;
        private final ByteBuffer spillBuffer = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.nativeOrder());
        private long spilled;
        /** Per slot: the id's {@link IdTable#hash}, then its {@link #hash2} in the high 32 bits and the group + 1. */
        private MemorySegment slots;
        private long mask;
        private int size;
        private long[] hashes = new long[1024];
        private int[] counts = new int[1024];
        private long[] next;
        private MemorySegment entries;
        /**
         * The last ids looked up and their groups, checked before hashing: an album's tracks are neighbours in
         * the records, and so mostly are an artist's.
         */
        private final byte[][] recent = new byte[RECENT][];
        private final int[] recentGroup = new int[RECENT];
        private int recentNext;

        private int recent(byte[] b, int off, int len) {
            for (int i = 0; i < RECENT; i++) {
                byte[] r = recent[i];
                if (r != null && Arrays.equals(r, 0, r.length, b, off, off + len)) {
                    return recentGroup[i];
                }
            }
            return -1;
        }

        private int remember(byte[] b, int off, int len, int group) {
            recent[recentNext] = Arrays.copyOfRange(b, off, off + len);
            recentGroup[recentNext] = group;
            recentNext = (recentNext + 1) % RECENT;
            return group;
        }

        Groups(long expected, Path spill) throws IOException {
            this.spill = spill;
            this.spillChannel = FileChannel.open(spill, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                slots = table(Long.highestOneBit(Math.max(16, expected * 2 - 1)) << 1);
            } catch (RuntimeException | OutOfMemoryError e) {
                close();
                throw e;
            }
        }

        private MemorySegment table(long slotCount) {
            MemorySegment s = arena.allocate(slotCount * 16, 8);
            s.fill((byte) 0);
            mask = slotCount - 1;
            return s;
        }

        /** The group of the id, added when new. */
        int group(byte[] b, int off, int len) {
            int known = recent(b, off, len);
            return known >= 0 ? known : remember(b, off, len, addHashed(b, off, len));
        }

        private int addHashed(byte[] b, int off, int len) {
            long h = IdTable.hash(b, off, len);
            long h2 = Integer.toUnsignedLong(hash2(b, off, len)) << 32;
            for (long slot = h & mask; ; slot = (slot + 1) & mask) {
                long v = slots.getAtIndex(ValueLayout.JAVA_LONG, slot * 2 + 1);
                if (v == 0) {
                    if (size == Integer.MAX_VALUE - 1) {
                        throw new IllegalStateException("too many groups");
                    }
                    int g = size++;
                    slots.setAtIndex(ValueLayout.JAVA_LONG, slot * 2, h);
                    slots.setAtIndex(ValueLayout.JAVA_LONG, slot * 2 + 1, h2 | (g + 1L));
                    if (g == hashes.length) {
                        hashes = Arrays.copyOf(hashes, g * 2);
                        counts = Arrays.copyOf(counts, g * 2);
                    }
                    hashes[g] = h;
                    if ((long) size * 2 > mask + 1) {
                        grow();
                    }
                    return g;
                }
                if (slots.getAtIndex(ValueLayout.JAVA_LONG, slot * 2) == h && (v & 0xFFFF_FFFF_0000_0000L) == h2) {
                    return (int) v - 1;
                }
            }
        }

        private void grow() {
            MemorySegment old = slots;
            long oldSlots = mask + 1;
            slots = table(oldSlots * 2);
            for (long s = 0; s < oldSlots; s++) {
                long v = old.getAtIndex(ValueLayout.JAVA_LONG, s * 2 + 1);
                if (v != 0) {
                    long h = old.getAtIndex(ValueLayout.JAVA_LONG, s * 2);
                    long slot = h & mask;
                    while (slots.getAtIndex(ValueLayout.JAVA_LONG, slot * 2 + 1) != 0) {
                        slot = (slot + 1) & mask;
                    }
                    slots.setAtIndex(ValueLayout.JAVA_LONG, slot * 2, h);
                    slots.setAtIndex(ValueLayout.JAVA_LONG, slot * 2 + 1, v);
                }
            }
        }

        /** Adds an entry to a group: counted now, placed once every group's count is known. */
        void add(int group, long entry) throws IOException {
            counts[group]++;
            if (spillBuffer.remaining() < 12) {
                drain();
            }
            spillBuffer.putInt(group).putLong(entry);
            spilled++;
        }

        private void drain() throws IOException {
            spillBuffer.flip();
            while (spillBuffer.hasRemaining()) {
                spillChannel.write(spillBuffer);
            }
            spillBuffer.clear();
        }

        /**
         * Places every entry spilled by its group: where each group's entries start, room for them all, then the
         * spill read back in order. Keys are ordered as unsigned, kept with the sign bit flipped so a signed sort
         * orders them so.
         */
        private void place() throws IOException {
            drain();
            next = new long[size + 1];
            long total = 0;
            for (int g = 0; g < size; g++) {
                next[g] = total;
                total += counts[g];
            }
            next[size] = total;
            entries = arena.allocate(Math.max(8, total * 8), 8);
            if (spilled == 0) {
                return;
            }
            try (Arena read = Arena.ofConfined()) {
                MemorySegment m = spillChannel.map(FileChannel.MapMode.READ_ONLY, 0, spilled * 12, read);
                for (long k = 0; k < spilled; k++) {
                    int group = m.get(ValueLayout.JAVA_INT_UNALIGNED, k * 12);
                    long entry = m.get(ValueLayout.JAVA_LONG_UNALIGNED, k * 12 + 4);
                    entries.setAtIndex(ValueLayout.JAVA_LONG, next[group]++, entry ^ Long.MIN_VALUE);
                }
            }
        }

        /**
         * Writes each group's entries in key order, at most {@code limit} of them, as record addresses; the
         * header names the record file and id table the lists were made from.
         */
        void write(Path file, int limit, long magic, RecordFile records, IdTable ids) throws IOException {
            place();
            try (AddressLists.Writer w = new AddressLists.Writer(file, size)) {
                long[] list = new long[64];
                for (int g = 0; g < size; g++) {
                    int n = counts[g];
                    long end = next[g]; // after placing, each group's cursor stands at its end
                    if (n > list.length) {
                        list = new long[Math.max(n, list.length * 2)];
                    }
                    MemorySegment.copy(entries, ValueLayout.JAVA_LONG, (end - n) * 8, list, 0, n);
                    Arrays.sort(list, 0, n);
                    int kept = Math.min(n, limit);
                    for (int k = 0; k < kept; k++) {
                        list[k] &= ADDRESS_MASK; // the flipped sign bit lies above the address too
                    }
                    w.add(hashes[g], list, 0, kept);
                }
                w.finish(magic, records.blocks(), ids.entries());
            }
        }

        @Override
        public void close() throws IOException {
            if (!arena.scope().isAlive()) {
                return;
            }
            arena.close();
            try {
                spillChannel.close();
            } finally {
                Files.deleteIfExists(spill);
            }
        }
    }
}
