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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.LongPredicate;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * A memory-mapped table from album id to the album's tracks, already in disc and track order, written once after
 * an import. Reading an album's tracks then costs one slot and one short list instead of a seek into the
 * album terms of every segment (a dozen or more, most of them misses) and a sort. Slots hold 32 bits of the id's
 * hash and where the album's list starts; a list is confirmed by its first track's album id, so a hash collision
 * costs one more probe and never returns another album's tracks.
 *
 * <p>Layout: a header, the slots (8 bytes each), then for each album its track count and its tracks' record
 * addresses (8 bytes each), so a page reads its tracks' records straight away. Tables of catalogs written before
 * record files ({@code TNRMALB1}) hold a 4-byte count and document numbers instead; they are still read.
 */
final class AlbumTrackTable implements AutoCloseable {
    private static final long MAGIC_DOCS = 0x31424c41_4d524e54L; // "TNRMALB1"
    private static final long MAGIC = 0x32424c41_4d524e54L; // "TNRMALB2"
    private static final int HEADER = TableFile.HEADER;
    private static final long EMPTY = -1L;

    private final Arena arena;
    private final MemorySegment table;
    private final MemorySegment lists;
    private final long mask;
    private final boolean addresses;

    private AlbumTrackTable(TableFile.Mapped m, boolean addresses) {
        this.arena = m.arena();
        this.table = m.slots();
        this.lists = m.rest();
        this.mask = m.slotCount() - 1;
        this.addresses = addresses;
    }

    /** Whether the lists hold record addresses (else document numbers). */
    boolean holdsAddresses() {
        return addresses;
    }

    /** The slots' and lists' mappings (for {@link TableFile#touch}). */
    List<MemorySegment> mappings() {
        return List.of(table, lists);
    }

    /** The table file of a tracks index folder. */
    static Path file(Path tracksDir) {
        return tracksDir.resolveSibling(tracksDir.getFileName() + ".albums");
    }

    /**
     * Opens the table of a tracks index, or returns null when there is none (catalogs imported before it existed)
     * or it was written for other documents than the reader's; album tracks are then read from the album terms.
     */
    static AlbumTrackTable open(Path tracksDir, DirectoryReader reader) throws IOException {
        TableFile.Mapped m = TableFile.open(file(tracksDir), MAGIC, reader, false);
        if (m != null) {
            return new AlbumTrackTable(m, true);
        }
        m = TableFile.open(file(tracksDir), MAGIC_DOCS, reader, false);
        return m == null ? null : new AlbumTrackTable(m, false);
    }

    /**
     * The album's tracks in disc and track order, as record addresses or document numbers (see
     * {@link #holdsAddresses}), or an empty array when the catalog has no track of it. {@code ofAlbum} tells
     * whether a track is of this album; it is asked once per candidate list, with the list's first track.
     */
    long[] tracks(BytesRef albumId, LongPredicate ofAlbum) {
        long h = IdTable.hash(albumId.bytes, albumId.offset, albumId.length);
        int fingerprint = (int) (h >>> 32);
        for (long slot = h & mask; ; slot = (slot + 1) & mask) {
            long v = table.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, slot);
            if (v == EMPTY) {
                return new long[0];
            }
            if ((int) (v >>> 32) == fingerprint) {
                long at = Integer.toUnsignedLong((int) v);
                if (addresses) {
                    int n = (int) lists.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, at);
                    if (ofAlbum.test(lists.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, at + 1))) {
                        long[] tracks = new long[n];
                        MemorySegment.copy(lists, ValueLayout.JAVA_LONG_UNALIGNED, (at + 1) * 8, tracks, 0, n);
                        return tracks;
                    }
                } else {
                    int n = lists.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, at);
                    if (ofAlbum.test(lists.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, at + 1))) {
                        int[] docs = new int[n];
                        MemorySegment.copy(lists, ValueLayout.JAVA_INT_UNALIGNED, (at + 1) * 4, docs, 0, n);
                        return Arrays.stream(docs).asLongStream().toArray();
                    }
                }
            }
        }
    }

    /**
     * Writes the table of the tracks index in this folder (its documents as last committed), of record addresses
     * from its document table (which must be written first).
     */
    static void build(Path tracksDir) throws IOException {
        try (DirectoryReader r = DirectoryReader.open(org.apache.lucene.store.FSDirectory.open(tracksDir));
             DocAddresses addresses = DocAddresses.open(tracksDir, r)) {
            if (addresses == null) {
                throw new IOException("album track table of " + tracksDir + ": the document table is missing or "
                    + "was written for other documents");
            }
            build(tracksDir, r, addresses);
        }
    }

    /** Writes a table of document numbers, as catalogs written before record files have. */
    static void build(Path tracksDir, DirectoryReader reader) throws IOException {
        build(tracksDir, reader, null);
    }

    /** One segment's album terms, walked in order alongside the other segments'. */
    private static final class SegmentTerms {
        final LeafReaderContext leaf;
        final TermsEnum terms;
        BytesRef term;

        SegmentTerms(LeafReaderContext leaf, TermsEnum terms) throws IOException {
            this.leaf = leaf;
            this.terms = terms;
            this.term = terms.next();
        }
    }

    /**
     * Writes the table from the album terms of every segment, merged in term order so each album's tracks are
     * gathered from all segments at once, live documents only, ordered as a sort by position (ties in document
     * order); of record addresses from {@code addresses}, or document numbers when that is null. Written to a
     * temporary file and renamed.
     */
    static void build(Path tracksDir, DirectoryReader reader, DocAddresses addresses) throws IOException {
        int unit = addresses != null ? 8 : 4;
        PriorityQueue<SegmentTerms> queue = new PriorityQueue<>((a, b) -> a.term.compareTo(b.term));
        long termsBound = 0;
        for (LeafReaderContext leaf : reader.leaves()) {
            Terms t = leaf.reader().terms(Fields.ALBUM);
            if (t == null) {
                continue;
            }
            termsBound += t.size() >= 0 ? t.size() : leaf.reader().maxDoc();
            SegmentTerms s = new SegmentTerms(leaf, t.iterator());
            if (s.term != null) {
                queue.add(s);
            }
        }
        long slots = Long.highestOneBit(Math.max(16, termsBound * 4 / 3)) << 1;
        Path f = file(tracksDir);
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        long listStart = HEADER + slots * 8;
        try (Arena arena = Arena.ofConfined();
             FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                 StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MemorySegment m = ch.map(FileChannel.MapMode.READ_WRITE, 0, listStart, arena);
            MemorySegment t = m.asSlice(HEADER);
            t.fill((byte) 0xFF);
            long mask = slots - 1;
            ByteBuffer out = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.nativeOrder());
            long written = 0; // units: longs (addresses) or ints (documents)
            long filePos = listStart;
            long[] keys = new long[64];
            long[] pos = new long[64];
            int[] docs = new int[64];
            PostingsEnum postings = null;
            List<SegmentTerms> same = new ArrayList<>();
            while (!queue.isEmpty()) {
                same.clear();
                SegmentTerms first = queue.poll();
                same.add(first);
                BytesRef term = BytesRef.deepCopyOf(first.term);
                while (!queue.isEmpty() && queue.peek().term.equals(term)) {
                    same.add(queue.poll());
                }
                int n = 0;
                for (SegmentTerms s : same) {
                    LeafReader r = s.leaf.reader();
                    Bits live = r.getLiveDocs();
                    NumericDocValues position = r.getNumericDocValues(Fields.POSITION);
                    postings = s.terms.postings(postings, PostingsEnum.NONE);
                    for (int doc = postings.nextDoc(); doc != PostingsEnum.NO_MORE_DOCS; doc = postings.nextDoc()) {
                        if (live != null && !live.get(doc)) {
                            continue;
                        }
                        if (n == docs.length) {
                            pos = Arrays.copyOf(pos, n * 2);
                            docs = Arrays.copyOf(docs, n * 2);
                            keys = new long[n * 2];
                        }
                        pos[n] = position != null && position.advanceExact(doc) ? position.longValue() : 0;
                        docs[n++] = s.leaf.docBase + doc;
                    }
                    s.term = s.terms.next();
                    if (s.term != null) {
                        queue.add(s);
                    }
                }
                if (n == 0) {
                    continue;
                }
                sortByPosition(pos, docs, keys, n);
                if (out.remaining() < (n + 1) * unit) {
                    filePos = flush(ch, out, filePos);
                    if (out.capacity() < (n + 1) * unit) {
                        out = ByteBuffer.allocateDirect((n + 1) * unit).order(ByteOrder.nativeOrder());
                    }
                }
                long h = IdTable.hash(term.bytes, term.offset, term.length);
                long slot = h & mask;
                while (t.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, slot) != EMPTY) {
                    slot = (slot + 1) & mask;
                }
                if (written > 0xFFFF_FFFEL) {
                    throw new IOException("album track table of " + tracksDir + ": too many tracks");
                }
                t.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, slot, (h >>> 32) << 32 | written);
                if (addresses != null) {
                    out.putLong(n);
                    for (int k = 0; k < n; k++) {
                        long a = addresses.address(docs[k]);
                        if (a < 0) {
                            throw new IOException("album track table of " + tracksDir + ": document " + docs[k]
                                + " has no record address");
                        }
                        out.putLong(a);
                    }
                } else {
                    out.putInt(n);
                    for (int k = 0; k < n; k++) {
                        out.putInt(docs[k]);
                    }
                }
                written += n + 1;
            }
            flush(ch, out, filePos);
            ch.force(true);
            TableFile.writeHeader(m, addresses != null ? MAGIC : MAGIC_DOCS, slots, reader);
        }
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static long flush(FileChannel ch, ByteBuffer out, long filePos) throws IOException {
        out.flip();
        while (out.hasRemaining()) {
            filePos += ch.write(out, filePos);
        }
        out.clear();
        return filePos;
    }

    /**
     * Orders the first n (position, document) pairs by position, then document: Lucene's order for a sort on the
     * position field, which leaves ties in index order.
     */
    static void sortByPosition(long[] pos, int[] docs, long[] keys, int n) {
        boolean packable = true;
        for (int k = 0; k < n; k++) {
            packable &= pos[k] >= 0 && pos[k] <= Integer.MAX_VALUE;
        }
        if (packable) {
            for (int k = 0; k < n; k++) {
                keys[k] = pos[k] << 32 | docs[k];
            }
            Arrays.sort(keys, 0, n);
            for (int k = 0; k < n; k++) {
                pos[k] = keys[k] >>> 32;
                docs[k] = (int) keys[k];
            }
            return;
        }
        Integer[] order = new Integer[n];
        Arrays.setAll(order, k -> k);
        long[] p = pos;
        int[] d = docs;
        Arrays.sort(order, (a, b) -> p[a] != p[b] ? Long.compare(p[a], p[b]) : Integer.compare(d[a], d[b]));
        long[] p2 = new long[n];
        int[] d2 = new int[n];
        for (int k = 0; k < n; k++) {
            p2[k] = p[order[k]];
            d2[k] = d[order[k]];
        }
        System.arraycopy(p2, 0, pos, 0, n);
        System.arraycopy(d2, 0, docs, 0, n);
    }

    @Override
    public void close() {
        arena.close();
    }
}
