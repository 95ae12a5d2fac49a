package org.tonearm.catalog;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.util.ArrayUtil;

/**
 * One import thread's documents for an index sorted by an int field, held as compact bytes until a segment's
 * worth is gathered, then added to that thread's own writer in index order and flushed as one segment. Lucene
 * sorts a segment at flush unless its documents already come in index order, and that sort (re-sorting every
 * term's postings and every points field) was 13% of a 1M-track import's CPU; this buffer costs a fraction of
 * it. The writer must be this thread's alone: a shared writer hands any of its buffers to any thread, so no
 * buffer would see one thread's documents in order. Ties keep the order the documents came in.
 *
 * <p>A document is begun, given its fields through {@link DocFields}, and ended (or cancelled). Each field is
 * stored as a kind byte, a field-name byte and its value; a string equal to the one before it (a name added both
 * as text and to the match field) is stored as a flag alone. Strings are UTF-8, which holds any text but a lone
 * surrogate, read back as '?' as {@code String.getBytes} writes it.
 */
final class SortedSegments implements DocFields, Closeable {
    private static final int TEXT = 1;
    private static final int MATCH = 2;
    private static final int KEYWORD = 3;
    private static final int INT_POINT = 4;
    private static final int LONG_POINT = 5;
    private static final int DOC_VALUE = 6;
    private static final int FEATURE = 7;
    /** On a string field's kind: the same string as the string field before it, no bytes follow. */
    private static final int SAME = 0x80;

    private final IndexWriter writer;
    private final String sortField;
    private final int missing;
    private final long limitBytes;
    private final Map<String, Integer> fieldIds = new HashMap<>();
    private final List<String> fieldNames = new ArrayList<>();

    private byte[] buf = new byte[1 << 20];
    private int len;
    private int[] starts = new int[1024];
    private long[] keys = new long[1024];
    private int count;
    private int docStart = -1;
    private int sortValue;
    private String lastString;
    private long segments;

    /**
     * @param writer     this thread's own writer, sorted by {@code sort}
     * @param limitBytes bytes of documents gathered before they are written as a segment
     */
    SortedSegments(IndexWriter writer, Sort sort, long limitBytes) {
        SortField[] f = sort.getSort();
        if (f.length != 1 || f[0].getType() != SortField.Type.INT || f[0].getReverse()) {
            throw new IllegalArgumentException("only an ascending sort on one int field can be buffered: " + sort);
        }
        this.writer = writer;
        this.sortField = f[0].getField();
        this.missing = f[0].getMissingValue() instanceof Integer m ? m : 0;
        this.limitBytes = Math.max(1, Math.min(limitBytes, Integer.MAX_VALUE - (64L << 20)));
    }

    IndexWriter writer() {
        return writer;
    }

    /** Segments written so far. */
    long segments() {
        return segments;
    }

    void begin() {
        if (docStart >= 0) {
            throw new IllegalStateException("a document is already begun");
        }
        docStart = len;
        sortValue = missing;
        lastString = null;
    }

    /** Drops the document begun. */
    void cancel() {
        len = docStart;
        docStart = -1;
    }

    /** Keeps the document begun; writes a segment once enough are gathered. */
    void end() throws IOException {
        if (count == starts.length) {
            int size = ArrayUtil.oversize(count + 1, Long.BYTES);
            starts = ArrayUtil.growExact(starts, size);
            keys = ArrayUtil.growExact(keys, size);
        }
        starts[count] = docStart;
        // sort value above, arrival below: distinct keys whose order is the index's, ties in arrival order
        keys[count] = ((long) sortValue << 32) | count;
        count++;
        docStart = -1;
        if (len >= limitBytes) {
            writeSegment();
        }
    }

    /** Adds the documents gathered, in index order, and flushes them as one segment. */
    void writeSegment() throws IOException {
        if (count == 0) {
            return;
        }
        Arrays.sort(keys, 0, count);
        Reader r = new Reader();
        for (int i = 0; i < count; i++) {
            int doc = (int) keys[i];
            r.pos = starts[doc];
            int stop = doc + 1 < count ? starts[doc + 1] : len;
            writer.addDocument(r.document(stop));
        }
        writer.flush();
        segments++;
        count = 0;
        len = 0;
    }

    /** Writes what is left and commits the writer. */
    void finish() throws IOException {
        writeSegment();
        writer.commit();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    // ---- writing ----

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = ArrayUtil.growExact(buf, Math.max(len + more, (int) Math.min(Integer.MAX_VALUE - 16, buf.length * 3L / 2)));
        }
    }

    private void head(int kind, String field) {
        Integer id = fieldIds.get(field);
        if (id == null) {
            if (fieldNames.size() == 255) {
                throw new IllegalStateException("more than 255 field names");
            }
            id = fieldNames.size();
            fieldIds.put(field, id);
            fieldNames.add(field);
        }
        ensure(2);
        buf[len++] = (byte) kind;
        buf[len++] = (byte) (int) id;
    }

    private void string(int kind, String field, String value) {
        if (value.equals(lastString)) {
            head(kind | SAME, field);
            return;
        }
        head(kind, field);
        putString(value);
        lastString = value;
    }

    private void putString(String s) {
        int n = s.length();
        ensure(5 + 3 * n);
        int at = len;
        boolean ascii = true;
        // the length as a varint of a width fixed before the bytes are known; padding with continuation bytes
        // still reads as the same number
        int width = 3 * n < 1 << 7 ? 1 : 3 * n < 1 << 14 ? 2 : 3 * n < 1 << 21 ? 3 : 5;
        int p = at + width;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                ascii = false;
                break;
            }
            buf[p++] = (byte) c;
        }
        if (!ascii) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(b, 0, buf, at + width, b.length);
            p = at + width + b.length;
        }
        int bytes = p - at - width;
        for (int i = 0; i < width - 1; i++) {
            buf[at + i] = (byte) (0x80 | ((bytes >>> (7 * i)) & 0x7f));
        }
        buf[at + width - 1] = (byte) (bytes >>> (7 * (width - 1)));
        len = p;
    }

    private void putLong(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[len++] = (byte) (v >>> (8 * i));
        }
    }

    @Override
    public void text(String field, String value) {
        string(TEXT, field, value);
    }

    @Override
    public void match(String field, String value) {
        string(MATCH, field, value);
    }

    @Override
    public void keyword(String field, String value) {
        string(KEYWORD, field, value);
    }

    @Override
    public void intPoint(String field, int value) {
        head(INT_POINT, field);
        putLong(value);
    }

    @Override
    public void longPoint(String field, long value) {
        head(LONG_POINT, field);
        putLong(value);
    }

    @Override
    public void docValue(String field, long value) {
        head(DOC_VALUE, field);
        putLong(value);
        if (field.equals(sortField)) {
            sortValue = (int) value;
        }
    }

    @Override
    public void feature(String field, String name, float value) {
        head(FEATURE, field);
        putString(name);
        putLong(Float.floatToIntBits(value));
    }

    // ---- reading back ----

    private final class Reader {
        int pos;

        org.apache.lucene.document.Document document(int stop) {
            DocFields.Lucene d = new DocFields.Lucene();
            String last = null;
            while (pos < stop) {
                int kind = buf[pos++] & 0xff;
                String field = fieldNames.get(buf[pos++] & 0xff);
                switch (kind & ~SAME) {
                    case TEXT, MATCH, KEYWORD -> {
                        String v = (kind & SAME) != 0 ? last : string();
                        last = v;
                        switch (kind & ~SAME) {
                            case TEXT -> d.text(field, v);
                            case MATCH -> d.match(field, v);
                            default -> d.keyword(field, v);
                        }
                    }
                    case INT_POINT -> d.intPoint(field, (int) getLong());
                    case LONG_POINT -> d.longPoint(field, getLong());
                    case DOC_VALUE -> d.docValue(field, getLong());
                    case FEATURE -> d.feature(field, string(), Float.intBitsToFloat((int) getLong()));
                    default -> throw new IllegalStateException("unknown field kind " + kind);
                }
            }
            return d.document();
        }

        private String string() {
            int n = 0;
            int shift = 0;
            int b;
            do {
                b = buf[pos++] & 0xff;
                n |= (b & 0x7f) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        private long getLong() {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v |= (buf[pos++] & 0xffL) << (8 * i);
            }
            return v;
        }
    }
}
