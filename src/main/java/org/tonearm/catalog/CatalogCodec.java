package org.tonearm.catalog;

import java.io.IOException;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.StoredFieldsFormat;
import org.apache.lucene.codecs.compressing.CompressionMode;
import org.apache.lucene.codecs.compressing.Compressor;
import org.apache.lucene.codecs.compressing.Decompressor;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene90.compressing.Lucene90CompressingStoredFieldsFormat;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.ByteBuffersDataInput;
import org.apache.lucene.store.DataInput;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.compress.LZ4;

/**
 * Lucene's codecs with stored fields tuned for the catalog. A lookup reads one record, and with LZ4 it must
 * decompress its chunk up to that record, so chunks are small: {@link Compact}, LZ4 in chunks of 2 KB, for tracks,
 * albums and artists (their records repeat ids, names and URL prefixes that LZ4 shrinks 1.6 to 2.5 times even in
 * chunks of a few records, where 16 KB chunks made an album's tracks cost some 80 KB of decompression); this class,
 * records as they are in chunks of at most 16, for audio features, which are compact numbers LZ4 cannot shrink.
 * Catalogs written with the first, 16 KB LZ4 codec open through {@link Lz4}. All are registered through
 * META-INF/services under their names.
 */
public class CatalogCodec extends FilterCodec {
    static final String NAME = "Tonearm2";
    private static final int CHUNK_BYTES = 16 * 1024;
    private static final int CHUNK_DOCS = 128;
    private static final int BLOCK_SHIFT = 10;

    /** Raw chunks of at most 16 documents: a read decodes its chunk's header (each document's length) first. */
    private static final int RAW_CHUNK_DOCS = 16;

    private final StoredFieldsFormat stored;

    public CatalogCodec() {
        this(NAME, new Lucene90CompressingStoredFieldsFormat("TonearmStoredFieldsRaw", RAW, CHUNK_BYTES, RAW_CHUNK_DOCS, BLOCK_SHIFT));
    }

    /** Lucene's current codec under {@code name}, with these stored fields. */
    private CatalogCodec(String name, StoredFieldsFormat stored) {
        super(name, new Lucene104Codec());
        this.stored = stored;
    }

    @Override
    public final StoredFieldsFormat storedFieldsFormat() {
        return stored;
    }

    /** For tracks, albums and artists: plain LZ4 in chunks of 2 KB, so a lookup decompresses at most 2 KB. */
    public static final class Compact extends CatalogCodec {
        public Compact() {
            super("Tonearm2c", new Lucene90CompressingStoredFieldsFormat("TonearmStoredFieldsCompact",
                LZ4_KEEPING, 2 * 1024, CHUNK_DOCS, BLOCK_SHIFT));
        }
    }

    /** The first catalog codec: stored fields as plain LZ4 in 16 KB chunks. Kept to read catalogs it wrote. */
    public static final class Lz4 extends CatalogCodec {
        public Lz4() {
            super("Tonearm1", new Lucene90CompressingStoredFieldsFormat("TonearmStoredFieldsFast",
                LZ4_KEEPING, CHUNK_BYTES, CHUNK_DOCS, BLOCK_SHIFT));
        }
    }

    /**
     * The codec the catalog's Lucene indexes (tracks, albums, artists) are written with. The raw codec is kept to
     * read the audio features indexes of catalogs written before format 3, which have none.
     */
    static org.apache.lucene.codecs.Codec forIndexes() {
        return new Compact();
    }

    /**
     * LZ4 exactly as {@link CompressionMode#FAST} writes it (the files are the same), read by a decoder that keeps
     * the chunk it decoded last. Lucene's reader decodes a record's chunk from its start for every record it is
     * asked for, so an album's eight tracks, which sit side by side in two or three chunks, decoded each chunk
     * three or four times over; with this, each chunk at most twice: once as far as the first record asked for
     * ends, and whole when a later record lies beyond that.
     */
    static final CompressionMode LZ4_KEEPING = new CompressionMode() {
        @Override
        public Compressor newCompressor() {
            return CompressionMode.FAST.newCompressor();
        }

        @Override
        public Decompressor newDecompressor() {
            return new ChunkKeepingDecompressor();
        }

        @Override
        public String toString() {
            return "LZ4_KEEPING";
        }
    };

    /**
     * Each stored-fields reader has its own decompressor (a reader clone clones it), so the kept chunk belongs to
     * one reader of one file, and a chunk is known by where its compressed bytes start in that file. Every call
     * leaves the input where a plain decoder would have: after the compressed bytes decoded so far.
     */
    static final class ChunkKeepingDecompressor extends Decompressor {
        private IndexInput input;
        private long start = -1;
        private int chunkLength;
        private int decoded;
        private long end;
        private byte[] chunk = BytesRef.EMPTY_BYTES;

        @Override
        public void decompress(DataInput in, int originalLength, int offset, int length, BytesRef bytes) throws IOException {
            int needed = offset + length;
            if (!(in instanceof IndexInput ii)) {
                byte[] tmp = new byte[originalLength + 7];
                copyOut(tmp, LZ4.decompress(in, needed, tmp, 0), originalLength, offset, length, bytes, in);
                return;
            }
            long at = ii.getFilePointer();
            if (ii != input || at != start || originalLength != chunkLength) {
                input = ii;
                start = at;
                end = at;
                chunkLength = originalLength;
                decoded = 0;
                chunk = ArrayUtil.growNoCopy(chunk, originalLength + 7);
            } else {
                ii.seek(end);
            }
            if (decoded < needed) {
                // Lucene's decoder may stop inside a sequence, so a chunk is never resumed: the first record asked
                // for is decoded as far as it ends, as a plain decoder does, and a second one that needs more
                // decodes the whole chunk again, after which every record of the chunk is a copy
                int upTo = needed;
                if (decoded > 0) {
                    ii.seek(start);
                    upTo = originalLength;
                }
                try {
                    decoded = LZ4.decompress(ii, upTo, chunk, 0);
                } catch (IOException | RuntimeException e) {
                    input = null;
                    throw e;
                }
                end = ii.getFilePointer();
            }
            copyOut(chunk, decoded, originalLength, offset, length, bytes, in);
        }

        private void copyOut(byte[] from, int decodedTo, int originalLength, int offset, int length, BytesRef bytes,
                             DataInput in) throws IOException {
            if (decodedTo > originalLength) {
                input = null;
                throw new CorruptIndexException("Corrupted: lengths mismatch: " + decodedTo + " > " + originalLength, in);
            }
            // copied out, never shared: a merging reader keeps the bytes it is given while decoding the next slice
            bytes.bytes = ArrayUtil.growNoCopy(bytes.bytes, length);
            System.arraycopy(from, offset, bytes.bytes, 0, length);
            bytes.offset = 0;
            bytes.length = length;
        }

        @Override
        public Decompressor clone() {
            return new ChunkKeepingDecompressor();
        }
    }

    /** No compression: chunks hold the documents' bytes, and reading one document copies just its bytes. */
    static final CompressionMode RAW = new CompressionMode() {
        @Override
        public Compressor newCompressor() {
            return new Compressor() {
                @Override
                public void compress(ByteBuffersDataInput in, DataOutput out) throws IOException {
                    out.copyBytes(in, in.length());
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public Decompressor newDecompressor() {
            return new RawDecompressor();
        }

        @Override
        public String toString() {
            return "RAW";
        }
    };

    private static final class RawDecompressor extends Decompressor {
        @Override
        public void decompress(DataInput in, int originalLength, int offset, int length, BytesRef bytes) throws IOException {
            in.skipBytes(offset);
            bytes.bytes = ArrayUtil.growNoCopy(bytes.bytes, length);
            in.readBytes(bytes.bytes, 0, length);
            bytes.offset = 0;
            bytes.length = length;
        }

        @Override
        public Decompressor clone() {
            return new RawDecompressor();
        }
    }
}
