package org.tonearm.catalog;

import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.StoredFieldsFormat;
import org.apache.lucene.codecs.compressing.CompressionMode;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene90.compressing.Lucene90CompressingStoredFieldsFormat;

/**
 * Lucene's codec with stored fields tuned for the catalog: plain LZ4 in small chunks instead of LZ4 with a preset
 * dictionary in large ones. The entities are compact binary already, so the dictionary gained little, while its
 * high-compression hashing was a visible share of an import and every lookup decompressed a large block.
 * Registered for reading through META-INF/services under {@link #NAME}.
 */
public final class CatalogCodec extends FilterCodec {
    static final String NAME = "Tonearm1";
    private static final int CHUNK_BYTES = 16 * 1024;
    private static final int CHUNK_DOCS = 128;
    private static final int BLOCK_SHIFT = 10;

    private final StoredFieldsFormat stored =
        new Lucene90CompressingStoredFieldsFormat("TonearmStoredFieldsFast", CompressionMode.FAST, CHUNK_BYTES, CHUNK_DOCS, BLOCK_SHIFT);

    public CatalogCodec() {
        super(NAME, new Lucene104Codec());
    }

    @Override
    public StoredFieldsFormat storedFieldsFormat() {
        return stored;
    }
}
