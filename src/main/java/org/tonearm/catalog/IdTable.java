package org.tonearm.catalog;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.util.BytesRef;

/**
 * A memory-mapped hash table from entity id to its record, one per index, written once by the import. An id
 * lookup reads one slot (one page) instead of searching the id terms of every segment in turn, which at 50M tracks
 * meant a dozen term-dictionary seeks, most of them misses. Slots hold 20 bits of the id's hash and the record's
 * address in the index's {@link RecordFile}. A match is confirmed against the id at the start of the record, so a
 * hash collision costs one more probe and never returns the wrong entity.
 *
 * <p>The table is built from the record file itself (each record begins with its id), so the Lucene indexes need
 * no id field, and audio features need no Lucene index at all. Tables of older catalogs are still read: those
 * built from the id terms, holding record addresses ({@code TNRMIDS2}) or, before record files, document numbers
 * ({@code TNRMIDS1}).
 */
final class IdTable implements AutoCloseable {
    static final long MAGIC_DOCS = 0x31534449_4d524e54L; // "TNRMIDS1"
    private static final long MAGIC_TERMS = 0x32534449_4d524e54L; // "TNRMIDS2"
    private static final long MAGIC = 0x33534449_4d524e54L; // "TNRMIDS3"
    private static final int ADDRESS_BITS = 44;
    private static final long ADDRESS_MASK = (1L << ADDRESS_BITS) - 1;
    private static final long EMPTY = -1L;

    private final Arena arena;
    private final MemorySegment table;
    private final long mask;
    private final boolean addresses;
    private final long entries;

    private IdTable(TableFile.Mapped m, boolean addresses) {
        this.arena = m.arena();
        this.table = m.slots();
        this.mask = m.slotCount() - 1;
        this.addresses = addresses;
        this.entries = m.second();
    }

    /** The table file of an index folder. */
    static Path file(Path indexDir) {
        return indexDir.resolveSibling(indexDir.getFileName() + ".ids");
    }

    /**
     * Opens the table of an index, or returns null when there is none or it was written for another record file
     * or other documents. {@code records} is the index's record file (null for catalogs written before them, whose
     * table holds document numbers); {@code reader} its Lucene index (null for an index of records only).
     */
    static IdTable open(Path indexDir, DirectoryReader reader, RecordFile records) throws IOException {
        if (records != null) {
            TableFile.Mapped m = TableFile.open(file(indexDir), MAGIC, true, slots -> Long.bitCount(slots) == 1,
                (blocks, entries) -> blocks == records.blocks() && (reader == null || entries == reader.numDocs()));
            if (m != null) {
                return new IdTable(m, true);
            }
        }
        if (reader == null) {
            return null;
        }
        TableFile.Mapped m = TableFile.open(file(indexDir), records != null ? MAGIC_TERMS : MAGIC_DOCS, reader, true);
        return m == null ? null : new IdTable(m, records != null);
    }

    /** The slots' mapping (for {@link TableFile#touch}). */
    MemorySegment mapping() {
        return table;
    }

    /** Whether the slots hold record addresses (else document numbers). */
    boolean holdsAddresses() {
        return addresses;
    }

    /** How many ids the table holds (of a table built from terms: the index's live documents). */
    long entries() {
        return entries;
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
     * Whether this id's slot holds the record at {@code address} (a table of record addresses): whether that
     * record is the live one of its id, the id being the record's own. A record an import replaced is not.
     */
    boolean holds(byte[] b, int off, int len, long address) {
        long h = hash(b, off, len);
        long fingerprint = h >>> ADDRESS_BITS;
        for (long slot = h & mask; ; slot = (slot + 1) & mask) {
            long v = table.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, slot);
            if (v == EMPTY) {
                return false;
            }
            if (v >>> ADDRESS_BITS == fingerprint && (v & ADDRESS_MASK) == address) {
                return true;
            }
        }
    }

    /**
     * Writes the table of an index from its record file: every record's id, the later record of an id replacing
     * the earlier (records are visited in the order their blocks were begun, and an import adds a repeated id's
     * row after all others). Returns the import addresses of the records so replaced, in no particular order:
     * the documents an import must delete. Written to a temporary file and renamed.
     *
     * @param expected how many records there are at most (sizes the table)
     */
    static long[] build(Path indexDir, RecordFile records, long expected) throws IOException {
        long slots = Long.highestOneBit(Math.max(16, expected * 4 / 3)) << 1;
        long[][] replaced = {new long[16]};
        int[] nReplaced = {0};
        TableFile.write(file(indexDir), slots * 8, (m, t) -> {
            long mask = slots - 1;
            long[] inserted = {0};
            // slots hold import addresses while building (a replaced record is deleted by that address), file
            // addresses once done
            records.scan((importAddress, fileAddress, bytes, offset, length) -> {
                long id = Codec.leadingString(bytes, offset, length);
                if (id < 0 || importAddress > ADDRESS_MASK) {
                    throw new IOException("id table of " + indexDir + ": the record at " + fileAddress
                        + (id < 0 ? " does not begin with an id" : " is past what a slot can address"));
                }
                int idAt = (int) (id >>> 32);
                int idLength = (int) id;
                long h = hash(bytes, idAt, idLength);
                long fingerprint = h >>> ADDRESS_BITS;
                long slot = h & mask;
                while (true) {
                    long v = t.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, slot);
                    if (v == EMPTY) {
                        if (inserted[0] == expected) {
                            throw new IOException("id table of " + indexDir + ": more records than the " + expected
                                + " written");
                        }
                        inserted[0]++;
                        break;
                    }
                    if (v >>> ADDRESS_BITS == fingerprint) {
                        long earlier = v & ADDRESS_MASK;
                        byte[] r = records.get(records.fileAddress(earlier));
                        if (r != null && Codec.startsWith(r, new BytesRef(bytes, idAt, idLength))) {
                            if (nReplaced[0] == replaced[0].length) {
                                replaced[0] = Arrays.copyOf(replaced[0], nReplaced[0] * 2);
                            }
                            replaced[0][nReplaced[0]++] = earlier;
                            break;
                        }
                    }
                    slot = (slot + 1) & mask;
                }
                t.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, slot, fingerprint << ADDRESS_BITS | importAddress);
            });
            for (long s = 0; s < slots; s++) {
                long v = t.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, s);
                if (v != EMPTY) {
                    long a = records.fileAddress(v & ADDRESS_MASK);
                    if (a < 0 || a > ADDRESS_MASK) {
                        throw new IOException("id table of " + indexDir + ": a record lies past what a slot can address");
                    }
                    t.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, s, (v & ~ADDRESS_MASK) | a);
                }
            }
            TableFile.writeHeader(m, MAGIC, slots, records.blocks(), inserted[0]);
        });
        return Arrays.copyOf(replaced[0], nReplaced[0]);
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
