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
import java.util.function.IntPredicate;
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
 * A memory-mapped table from album id to the album's track documents, already in disc and track order, written
 * once after an import. Reading an album's tracks then costs one slot and one short list instead of a seek into the
 * album terms of every segment (a dozen or more, most of them misses) and a sort. Slots hold 32 bits of the id's
 * hash and where the album's list starts; a list is confirmed by its first track's album id, so a hash collision
 * costs one more probe and never returns another album's tracks.
 *
 * <p>Layout: a header, the slots (8 bytes each), then for each album its track count and its documents (4 bytes
 * each).
 */
final class AlbumTrackTable implements AutoCloseable {
    private static final long MAGIC = 0x31424c41_4d524e54L; // "TNRMALB1"
    private static final int HEADER = TableFile.HEADER;
    private static final long EMPTY = -1L;

    private final Arena arena;
    private final MemorySegment table;
    private final MemorySegment lists;
    private final long mask;

    private AlbumTrackTable(Arena arena, MemorySegment table, MemorySegment lists, long slots) {
        this.arena = arena;
        this.table = table;
        this.lists = lists;
        this.mask = slots - 1;
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
        return m == null ? null : new AlbumTrackTable(m.arena(), m.slots(), m.rest(), m.slotCount());
    }

    /**
     * The album's track documents (top-level numbers) in disc and track order, or an empty array when the catalog
     * has no track of it. {@code ofAlbum} tells whether a document is a track of this album; it is asked once per
     * candidate list, with the list's first document.
     */
    int[] tracks(BytesRef albumId, IntPredicate ofAlbum) {
        long h = IdTable.hash(albumId.bytes, albumId.offset, albumId.length);
        int fingerprint = (int) (h >>> 32);
        for (long slot = h & mask; ; slot = (slot + 1) & mask) {
            long v = table.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, slot);
            if (v == EMPTY) {
                return new int[0];
            }
            if ((int) (v >>> 32) == fingerprint) {
                long at = Integer.toUnsignedLong((int) v);
                int n = lists.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, at);
                if (ofAlbum.test(lists.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, at + 1))) {
                    int[] docs = new int[n];
                    MemorySegment.copy(lists, ValueLayout.JAVA_INT_UNALIGNED, (at + 1) * 4, docs, 0, n);
                    return docs;
                }
            }
        }
    }

    /** Writes the table of the tracks index in this folder (its documents as last committed). */
    static void build(Path tracksDir) throws IOException {
        try (DirectoryReader r = DirectoryReader.open(org.apache.lucene.store.FSDirectory.open(tracksDir))) {
            build(tracksDir, r);
        }
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
     * order). Written to a temporary file and renamed.
     */
    static void build(Path tracksDir, DirectoryReader reader) throws IOException {
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
            long written = 0; // ints
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
                if (out.remaining() < (n + 1) * 4) {
                    filePos = flush(ch, out, filePos);
                    if (out.capacity() < (n + 1) * 4) {
                        out = ByteBuffer.allocateDirect((n + 1) * 4).order(ByteOrder.nativeOrder());
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
                out.putInt(n);
                for (int k = 0; k < n; k++) {
                    out.putInt(docs[k]);
                }
                written += n + 1;
            }
            flush(ch, out, filePos);
            ch.force(true);
            TableFile.writeHeader(m, MAGIC, slots, reader);
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
