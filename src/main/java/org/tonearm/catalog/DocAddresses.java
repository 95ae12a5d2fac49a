package org.tonearm.catalog;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.Bits;

/**
 * Each document's record address ({@link RecordFile}), by top-level document number, in a flat memory-mapped file
 * written once after an import: a search hit or an album's track reaches its record with one read here instead of
 * a doc-values lookup per segment. It is a {@link TableFile} with one slot per document (the header: magic,
 * document count, the index's maxDoc and numDocs), so a table written for other documents is never used.
 * Deleted documents hold -1.
 */
final class DocAddresses implements AutoCloseable {
    private static final long MAGIC = 0x31434f44_4d524e54L; // "TNRMDOC1"

    private final Arena arena;
    private final MemorySegment addresses;
    private final long docs;

    private DocAddresses(Arena arena, MemorySegment addresses, long docs) {
        this.arena = arena;
        this.addresses = addresses;
        this.docs = docs;
    }

    static Path file(Path indexDir) {
        return indexDir.resolveSibling(indexDir.getFileName() + ".docs");
    }

    /** The table of an index, or null when it has none or it was written for other documents than the reader's. */
    static DocAddresses open(Path indexDir, DirectoryReader reader) throws IOException {
        long n = reader.maxDoc();
        TableFile.Mapped m = TableFile.open(file(indexDir), MAGIC, reader, true, slots -> slots == n);
        return m == null ? null : new DocAddresses(m.arena(), m.slots(), n);
    }

    /** The table's mapping (for {@link TableFile#touch}). */
    MemorySegment mapping() {
        return addresses;
    }

    /** The record address of a top-level document, or -1 for a deleted or unknown one. */
    long address(int doc) {
        return doc < 0 || doc >= docs ? -1 : addresses.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, doc);
    }

    /** Writes the table of the Lucene index in this folder (its documents as last committed). */
    static void build(Path indexDir) throws IOException {
        try (DirectoryReader r = DirectoryReader.open(org.apache.lucene.store.FSDirectory.open(indexDir));
             RecordFile records = RecordFile.open(indexDir)) {
            if (records == null) {
                throw new IOException("index " + indexDir + " has no record file");
            }
            build(indexDir, r, records).close();
        }
    }

    /**
     * Writes the table of the index in this folder from its documents' {@link Fields#RECORD} doc values (import
     * addresses, turned into file addresses by its record file), to a temporary file that is renamed, and returns
     * it open.
     */
    static DocAddresses build(Path indexDir, DirectoryReader reader, RecordFile records) throws IOException {
        long n = reader.maxDoc();
        TableFile.write(file(indexDir), n * 8, (m, t) -> {
            long missing = 0;
            for (LeafReaderContext leaf : reader.leaves()) {
                NumericDocValues v = leaf.reader().getNumericDocValues(Fields.RECORD);
                Bits live = leaf.reader().getLiveDocs();
                int max = leaf.reader().maxDoc();
                int next = v == null ? DocIdSetIterator.NO_MORE_DOCS : v.nextDoc();
                for (int doc = 0; doc < max; doc++) {
                    boolean has = next == doc;
                    if (live == null || live.get(doc)) {
                        if (!has) {
                            missing++;
                        } else {
                            long a = records.fileAddress(v.longValue());
                            if (a < 0) {
                                throw new IOException("index " + indexDir + ": document " + (leaf.docBase + doc)
                                    + " names a record block its record file does not hold");
                            }
                            t.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, leaf.docBase + doc, a);
                        }
                    }
                    if (has) {
                        next = v.nextDoc();
                    }
                }
            }
            if (missing > 0) {
                throw new IOException("index " + indexDir + ": " + missing + " live documents have no record address");
            }
            TableFile.writeHeader(m, MAGIC, n, reader);
        });
        return open(indexDir, reader);
    }

    @Override
    public void close() {
        arena.close();
    }
}
