package org.tonearm.catalog;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The compact binary form of an entity stored in one Lucene stored field: variable-length integers and
 * length-prefixed UTF-8 strings, decoded in one pass with no intermediate objects.
 */
final class Codec {
    private Codec() {
    }

    /** Appends values to a growable buffer; reused for every document a thread writes. */
    static final class Writer {
        private byte[] buf = new byte[512];
        private int len;

        void reset() {
            len = 0;
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, len);
        }

        private void ensure(int extra) {
            if (len + extra > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
            }
        }

        void vlong(long v) {
            ensure(10);
            long u = (v << 1) ^ (v >> 63);
            while ((u & ~0x7FL) != 0) {
                buf[len++] = (byte) ((u & 0x7F) | 0x80);
                u >>>= 7;
            }
            buf[len++] = (byte) u;
        }

        void vint(int v) {
            vlong(v);
        }

        void raw(byte b) {
            ensure(1);
            buf[len++] = b;
        }

        void bool(boolean b) {
            ensure(1);
            buf[len++] = (byte) (b ? 1 : 0);
        }

        /** A nullable string: 0 for null, else UTF-8 length + 1, then the bytes. */
        void str(String s) {
            if (s == null) {
                vlong(0);
                return;
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            vlong(b.length + 1L);
            ensure(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
        }
    }

    /**
     * Where the string an encoded record begins with lies: its start in {@code b} in the high 32 bits and its byte
     * length in the low 32, or -1 when the record (the {@code length} bytes from {@code offset}) begins with a
     * null string or is too short to hold the one it announces.
     */
    static long leadingString(byte[] b, int offset, int length) {
        long n = 0;
        int shift = 0;
        int at = offset;
        int end = offset + length;
        while (true) {
            if (at >= end || shift > 63) {
                return -1;
            }
            byte x = b[at++];
            n |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                break;
            }
            shift += 7;
        }
        long v = (n >>> 1) ^ -(n & 1);
        if (v <= 0 || v - 1 > end - at) {
            return -1;
        }
        return (long) at << 32 | (v - 1);
    }

    /** Whether an encoded record begins with this string (written by {@link Writer#str}). */
    static boolean startsWith(byte[] record, org.apache.lucene.util.BytesRef s) {
        long at = leadingString(record, 0, record.length);
        if (at < 0 || (int) at != s.length) {
            return false;
        }
        int start = (int) (at >>> 32);
        return java.util.Arrays.equals(record, start, start + s.length, s.bytes, s.offset, s.offset + s.length);
    }

    /** Reads values back in the order they were written. */
    static final class Reader {
        private final byte[] buf;
        private int pos;

        Reader(byte[] buf, int offset) {
            this.buf = buf;
            this.pos = offset;
        }

        long vlong() {
            long u = 0;
            int shift = 0;
            byte b;
            do {
                b = buf[pos++];
                u |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            return (u >>> 1) ^ -(u & 1);
        }

        int vint() {
            return (int) vlong();
        }

        boolean bool() {
            return buf[pos++] != 0;
        }

        byte raw() {
            return buf[pos++];
        }

        void skipStr() {
            int n = (int) vlong();
            pos += Math.max(0, n - 1);
        }

        /**
         * Moves past the next string's header: the length of its UTF-8 bytes, which start at {@link #pos()}, or -1
         * for null. The caller {@linkplain #skip skips} the bytes.
         */
        int strLength() {
            return (int) vlong() - 1;
        }

        int pos() {
            return pos;
        }

        void skip(int n) {
            pos += n;
        }

        String str() {
            int n = (int) vlong();
            if (n == 0) {
                return null;
            }
            String s = new String(buf, pos, n - 1, StandardCharsets.UTF_8);
            pos += n - 1;
            return s;
        }
    }
}
