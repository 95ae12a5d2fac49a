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
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * A memory-mapped hash table from entity id to the document holding it, one per index, written once after an
 * import. An id lookup reads one slot (one page) instead of searching the id terms of every segment in turn, which
 * at 50M tracks meant a dozen term-dictionary seeks, most of them misses. Slots hold 32 bits of the id's hash
 * and the document number; a match is confirmed against the id at the start of the stored record, so a hash
 * collision costs one more probe and never returns the wrong entity.
 */
final class IdTable implements AutoCloseable {
    private static final long MAGIC = 0x31534449_4d524e54L; // "TNRMIDS1"
    private static final int HEADER = TableFile.HEADER;
    private static final long EMPTY = -1L;

    private final Arena arena;
    private final MemorySegment table;
    private final long mask;

    private IdTable(Arena arena, MemorySegment table, long slots) {
        this.arena = arena;
        this.table = table;
        this.mask = slots - 1;
    }

    /** The table file of an index folder. */
    static Path file(Path indexDir) {
        return indexDir.resolveSibling(indexDir.getFileName() + ".ids");
    }

    /**
     * Opens the table of an index, or returns null when there is none (catalogs imported before it existed) or it
     * was written for other documents than the reader's; lookups then search the terms.
     */
    static IdTable open(Path indexDir, DirectoryReader reader) throws IOException {
        TableFile.Mapped m = TableFile.open(file(indexDir), MAGIC, reader, true);
        return m == null ? null : new IdTable(m.arena(), m.slots(), m.slotCount());
    }

    /** Resolves a document number to its stored record. */
    @FunctionalInterface
    interface Records {
        byte[] record(int doc) throws IOException;
    }

    /** The stored record of the live document with this id, or null. */
    byte[] find(BytesRef id, Records records) throws IOException {
        long h = hash(id.bytes, id.offset, id.length);
        int fingerprint = (int) (h >>> 32);
        for (long slot = h & mask; ; slot = (slot + 1) & mask) {
            long v = table.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, slot);
            if (v == EMPTY) {
                return null;
            }
            if ((int) (v >>> 32) == fingerprint) {
                byte[] r = records.record((int) v);
                if (r != null && Codec.startsWith(r, id)) {
                    return r;
                }
            }
        }
    }

    /** Writes the table of the index in this folder (its documents as last committed). */
    static void build(Path indexDir) throws IOException {
        try (DirectoryReader r = DirectoryReader.open(org.apache.lucene.store.FSDirectory.open(indexDir))) {
            build(indexDir, r, Fields.ID);
        }
    }

    /**
     * Writes the table of an index from its id terms: live documents only, so an id replaced during the import
     * (a duplicate row) points at the document that replaced it. Written to a temporary file and renamed.
     */
    static void build(Path indexDir, DirectoryReader reader, String idField) throws IOException {
        long live = reader.numDocs();
        long slots = Long.highestOneBit(Math.max(16, live * 4 / 3)) << 1;
        Path f = file(indexDir);
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        try (Arena arena = Arena.ofConfined();
             FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                 StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MemorySegment m = ch.map(FileChannel.MapMode.READ_WRITE, 0, HEADER + slots * 8, arena);
            MemorySegment t = m.asSlice(HEADER);
            t.fill((byte) 0xFF);
            long mask = slots - 1;
            long entries = 0;
            PostingsEnum postings = null;
            for (LeafReaderContext leaf : reader.leaves()) {
                LeafReader r = leaf.reader();
                Terms terms = r.terms(idField);
                if (terms == null) {
                    continue;
                }
                Bits liveDocs = r.getLiveDocs();
                TermsEnum te = terms.iterator();
                for (BytesRef term = te.next(); term != null; term = te.next()) {
                    postings = te.postings(postings, PostingsEnum.NONE);
                    for (int doc = postings.nextDoc(); doc != PostingsEnum.NO_MORE_DOCS; doc = postings.nextDoc()) {
                        if (liveDocs != null && !liveDocs.get(doc)) {
                            continue;
                        }
                        long h = hash(term.bytes, term.offset, term.length);
                        long slot = h & mask;
                        while (t.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, slot) != EMPTY) {
                            slot = (slot + 1) & mask;
                        }
                        t.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, slot, (h >>> 32) << 32 | (leaf.docBase + doc));
                        entries++;
                    }
                }
            }
            if (entries != live) {
                throw new IOException("id table of " + indexDir + ": " + entries + " live ids for " + live + " documents");
            }
            TableFile.writeHeader(m, MAGIC, slots, reader);
        }
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** 64-bit FNV-1a with a final avalanche: ids are short and already random, so this is plenty. */
    static long hash(byte[] b, int off, int len) {
        long h = 0xcbf29ce484222325L;
        for (int i = off; i < off + len; i++) {
            h = (h ^ (b[i] & 0xff)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    @Override
    public void close() {
        arena.close();
    }
}
