package org.tonearm.catalog;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * A memory-mapped hash table from entity id to its record, one per index, written once after an import. An id
 * lookup reads one slot (one page) instead of searching the id terms of every segment in turn, which at 50M tracks
 * meant a dozen term-dictionary seeks, most of them misses. Slots hold 20 bits of the id's hash and the record's
 * address in the index's {@link RecordFile}; tables of catalogs written before record files hold 32 bits of the
 * hash and the document number. A match is confirmed against the id at the start of the record, so a hash
 * collision costs one more probe and never returns the wrong entity.
 */
final class IdTable implements AutoCloseable {
    private static final long MAGIC_DOCS = 0x31534449_4d524e54L; // "TNRMIDS1"
    private static final long MAGIC = 0x32534449_4d524e54L; // "TNRMIDS2"
    private static final int ADDRESS_BITS = 44;
    private static final long ADDRESS_MASK = (1L << ADDRESS_BITS) - 1;
    private static final int HEADER = TableFile.HEADER;
    private static final long EMPTY = -1L;

    private final Arena arena;
    private final MemorySegment table;
    private final long mask;
    private final boolean addresses;

    private IdTable(Arena arena, MemorySegment table, long slots, boolean addresses) {
        this.arena = arena;
        this.table = table;
        this.mask = slots - 1;
        this.addresses = addresses;
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
        if (m != null) {
            return new IdTable(m.arena(), m.slots(), m.slotCount(), true);
        }
        m = TableFile.open(file(indexDir), MAGIC_DOCS, reader, true);
        return m == null ? null : new IdTable(m.arena(), m.slots(), m.slotCount(), false);
    }

    /** The slots' mapping (for {@link TableFile#touch}). */
    MemorySegment mapping() {
        return table;
    }

    /** Whether the slots hold record addresses (else document numbers). */
    boolean holdsAddresses() {
        return addresses;
    }

    /** Resolves what a slot holds (a record address, or a document number) to the record. */
    @FunctionalInterface
    interface Records {
        byte[] record(long ref) throws IOException;
    }

    /** The record of the live entity with this id, or null. */
    byte[] find(BytesRef id, Records records) throws IOException {
        long h = hash(id.bytes, id.offset, id.length);
        int shift = addresses ? ADDRESS_BITS : 32;
        long fingerprint = h >>> shift;
        long refMask = addresses ? ADDRESS_MASK : 0xFFFF_FFFFL;
        for (long slot = h & mask; ; slot = (slot + 1) & mask) {
            long v = table.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, slot);
            if (v == EMPTY) {
                return null;
            }
            if (v >>> shift == fingerprint) {
                byte[] r = records.record(v & refMask);
                if (r != null && Codec.startsWith(r, id)) {
                    return r;
                }
            }
        }
    }

    /**
     * Writes the table of the index in this folder (its documents as last committed): of record addresses when
     * the index has a record file, after writing its {@link DocAddresses}; else of document numbers.
     */
    static void build(Path indexDir) throws IOException {
        try (DirectoryReader r = DirectoryReader.open(org.apache.lucene.store.FSDirectory.open(indexDir))) {
            if (Files.exists(RecordFile.file(indexDir))) {
                try (RecordFile records = RecordFile.open(indexDir); DocAddresses a = DocAddresses.build(indexDir, r, records)) {
                    build(indexDir, r, Fields.ID, a);
                }
            } else {
                build(indexDir, r, Fields.ID, null);
            }
        }
    }

    /**
     * Writes the table of an index from its id terms: live documents only, so an id replaced during the import
     * (a duplicate row) points at the document that replaced it. Slots hold each document's record address from
     * {@code addresses}, or its number when that is null. Written to a temporary file and renamed.
     */
    static void build(Path indexDir, DirectoryReader reader, String idField, DocAddresses addresses) throws IOException {
        long live = reader.numDocs();
        long slots = Long.highestOneBit(Math.max(16, live * 4 / 3)) << 1;
        TableFile.write(file(indexDir), slots * 8, (m, t) -> {
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
                        long v;
                        if (addresses == null) {
                            v = (h >>> 32) << 32 | (leaf.docBase + doc);
                        } else {
                            long a = addresses.address(leaf.docBase + doc);
                            if (a < 0 || a > ADDRESS_MASK) {
                                throw new IOException("id table of " + indexDir + ": document " + (leaf.docBase + doc)
                                    + " has no record address");
                            }
                            v = (h >>> ADDRESS_BITS) << ADDRESS_BITS | a;
                        }
                        t.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, slot, v);
                        entries++;
                    }
                }
            }
            if (entries != live) {
                throw new IOException("id table of " + indexDir + ": " + entries + " live ids for " + live + " documents");
            }
            TableFile.writeHeader(m, addresses == null ? MAGIC_DOCS : MAGIC, slots, reader);
        });
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
