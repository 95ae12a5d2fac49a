package org.tonearm.catalog;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.store.DataInput;
import org.apache.lucene.store.ByteArrayDataOutput;
import org.apache.lucene.util.compress.LZ4;

/**
 * An index's records (the encoded entities) in a file of their own, addressed directly: blocks of about 2 KB of
 * records, LZ4-compressed where that saves a tenth or more. A record's address is where its block starts in the
 * file and its place in the block, so reading one touches its block and nothing else, however large the catalog,
 * where Lucene's stored fields binary-search a chunk index first (a dozen or more scattered reads at 50M tracks).
 * While importing, a record is known by its block's number (blocks are numbered as they are begun, and land in the
 * file as they fill); the file's block table turns those into file addresses once it is complete
 * ({@link #fileAddress}), and the id and document tables hold file addresses.
 *
 * <p>Layout: the magic, the blocks, the block table (one long per block number: where it starts), and a footer
 * of three longs (where the table starts, the block count, the magic), written last, so a file cut short never
 * opens. A block is a mode byte (0 raw, 1 LZ4), the record count and each record's length as vints, the stored
 * length as a vint, then the records' bytes, stored as they are or compressed together: a read decompresses
 * only as far as its record ends.
 */
final class RecordFile implements AutoCloseable {
    private static final long MAGIC = 0x31434552_4d524e54L; // "TNRMREC1"
    /** Bits of an address that give the record's place in its block. */
    static final int PLACE_BITS = 7;
    private static final int MAX_PER_BLOCK = 1 << PLACE_BITS;
    private static final int BLOCK_BYTES = 2048;
    private static final int FOOTER = 24;
    /** The largest file a 44-bit address (see {@link IdTable}) can point into: 128 GB. */
    static final long MAX_SIZE = 1L << (44 - PLACE_BITS);
    private static final byte RAW = 0;
    private static final byte LZ4_MODE = 1;
    private static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Arena arena;
    private final MemorySegment file;
    private final MemorySegment table;
    private final long blocks;
    private final long blocksEnd;
    private final ThreadLocal<Reader> readers = ThreadLocal.withInitial(Reader::new);

    private RecordFile(Arena arena, MemorySegment file, MemorySegment table, long blocks, long blocksEnd) {
        this.arena = arena;
        this.file = file;
        this.table = table;
        this.blocks = blocks;
        this.blocksEnd = blocksEnd;
    }

    /** The record file of an index folder. */
    static Path file(Path indexDir) {
        return indexDir.resolveSibling(indexDir.getFileName() + ".rec");
    }

    /** Opens the record file of an index, or returns null when it has none (catalogs written before record files). */
    static RecordFile open(Path indexDir) throws IOException {
        Path f = file(indexDir);
        TableFile.Mapping mapping = TableFile.map(f);
        if (mapping == null) {
            return null;
        }
        Arena arena = mapping.arena();
        try {
            MemorySegment m = mapping.segment();
            long size = m.byteSize();
            if (size < 8 + FOOTER) {
                throw new IOException("record file " + f + " is cut short (" + size + " bytes)");
            }
            long tableAt = m.get(ValueLayout.JAVA_LONG_UNALIGNED, size - FOOTER);
            long count = m.get(ValueLayout.JAVA_LONG_UNALIGNED, size - FOOTER + 8);
            if (m.get(ValueLayout.JAVA_LONG_UNALIGNED, 0) != MAGIC || m.get(ValueLayout.JAVA_LONG_UNALIGNED, size - 8) != MAGIC
                || count < 0 || tableAt < 8 || tableAt + count * 8 != size - FOOTER) {
                throw new IOException("record file " + f + " is damaged: its header or footer does not match");
            }
            return new RecordFile(arena, m, m.asSlice(tableAt, count * 8), count, tableAt);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Turns an address given while importing (block number and place) into the record's file address (where its
     * block starts and place), or -1 when no such block was written.
     */
    long fileAddress(long importAddress) {
        long b = importAddress >>> PLACE_BITS;
        if (importAddress < 0 || b >= blocks) {
            return -1;
        }
        return table.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, b) << PLACE_BITS | (importAddress & (MAX_PER_BLOCK - 1));
    }

    /** How many blocks the file holds. */
    long blocks() {
        return blocks;
    }

    /** Receives each record of a {@link #scan}. */
    @FunctionalInterface
    interface Visitor {
        /**
         * One record: its import and file addresses, and its bytes as {@code length} bytes from {@code offset} of
         * {@code bytes}, valid only during the call.
         */
        void record(long importAddress, long fileAddress, byte[] bytes, int offset, int length) throws IOException;
    }

    /**
     * Visits every record in block-number order, that is in the order the blocks were begun while importing (and
     * within a block in the order added), each block decoded once.
     */
    void scan(Visitor visitor) throws IOException {
        Reader r = new Reader();
        for (long b = 0; b < blocks; b++) {
            long at = table.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, b);
            if (at < 8 || at >= blocksEnd) {
                throw new IOException("record file: block " + b + " starts outside the blocks (" + at + ")");
            }
            r.header(at);
            r.decode(r.rawLength);
            for (int place = 0; place < r.count; place++) {
                visitor.record(b << PLACE_BITS | place, at << PLACE_BITS | place, r.raw, r.starts[place],
                    r.starts[place + 1] - r.starts[place]);
            }
        }
    }

    /** The whole file's mapping (for {@link TableFile#touch}). */
    MemorySegment mapping() {
        return file;
    }

    /** The record at this file address: a copy of its bytes, or null when the address names no record. */
    byte[] get(long address) {
        return readers.get().get(address);
    }

    /**
     * Each thread's decoding buffer and the block it decoded last (an album's tracks are neighbours in one): a
     * block is decompressed as far as the record asked for ends, and whole when a later record lies beyond that
     * (LZ4 cannot resume where it stopped).
     */
    private final class Reader {
        private long block = -1;
        private byte[] raw = new byte[BLOCK_BYTES * 2];
        private int count;
        private int decoded;
        private int rawLength;
        private byte mode;
        private long body;
        private long cursor;
        private int storedLength;
        private final int[] starts = new int[MAX_PER_BLOCK + 1];

        byte[] get(long address) {
            long at = address >>> PLACE_BITS;
            int place = (int) (address & (MAX_PER_BLOCK - 1));
            if (address < 0 || at < 8 || at >= blocksEnd) {
                return null;
            }
            if (at != block) {
                header(at);
            }
            if (place >= count) {
                return null;
            }
            int end = starts[place + 1];
            if (decoded < end) {
                decode(decoded > 0 ? rawLength : end);
            }
            return Arrays.copyOfRange(raw, starts[place], end);
        }

        private void header(long at) {
            block = -1;
            cursor = at;
            mode = file.get(ValueLayout.JAVA_BYTE, cursor++);
            int n = vint();
            if (n < 0 || n > MAX_PER_BLOCK || (mode != RAW && mode != LZ4_MODE)) {
                throw new IllegalStateException("record block at " + at + " is damaged");
            }
            starts[0] = 0;
            for (int i = 0; i < n; i++) {
                starts[i + 1] = starts[i] + vint();
            }
            storedLength = vint();
            body = cursor;
            rawLength = starts[n];
            if (rawLength < 0 || storedLength < 0 || body + storedLength > blocksEnd) {
                throw new IllegalStateException("record block at " + at + " is damaged: it overruns the file");
            }
            if (raw.length < rawLength + 8) {
                raw = new byte[rawLength + 8];
            }
            count = n;
            decoded = 0;
            block = at;
        }

        /** The vint at {@link #cursor} in the file, moving the cursor past it. */
        private int vint() {
            int value = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                byte b = file.get(ValueLayout.JAVA_BYTE, cursor++);
                value |= (b & 0x7F) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw new IllegalStateException("record block vint before " + cursor + " is damaged");
        }

        /**
         * Decodes the block's first {@code upTo} bytes or more: a raw block is copied that far, a compressed one is
         * decompressed straight from the mapping, so a read touches only the stored bytes its record needs.
         */
        private void decode(int upTo) {
            if (mode == RAW) {
                if (storedLength != rawLength) {
                    throw new IllegalStateException("record block at " + block + " is damaged: lengths differ");
                }
                MemorySegment.copy(file, ValueLayout.JAVA_BYTE, body + decoded, raw, decoded, upTo - decoded);
                decoded = upTo;
                return;
            }
            try {
                decoded = LZ4.decompress(new SegmentInput(file, body, body + storedLength), upTo, raw, 0);
            } catch (IOException | RuntimeException e) {
                decoded = 0;
                throw new IllegalStateException("record block at " + block + " is damaged", e);
            }
            if (decoded > rawLength || decoded < upTo) {
                decoded = 0;
                throw new IllegalStateException("record block at " + block + " decodes to the wrong length");
            }
        }
    }

    /** Reads a span of the mapping as a Lucene {@link DataInput}, refusing to read past its end. */
    private static final class SegmentInput extends DataInput {
        private final MemorySegment segment;
        private final long end;
        private long at;

        SegmentInput(MemorySegment segment, long from, long end) {
            this.segment = segment;
            this.at = from;
            this.end = end;
        }

        @Override
        public byte readByte() throws IOException {
            if (at >= end) {
                throw new EOFException("read past the end of a record block");
            }
            return segment.get(ValueLayout.JAVA_BYTE, at++);
        }

        @Override
        public short readShort() throws IOException {
            if (at + 2 > end) {
                throw new EOFException("read past the end of a record block");
            }
            short v = segment.get(SHORT_LE, at);
            at += 2;
            return v;
        }

        @Override
        public void readBytes(byte[] b, int offset, int len) throws IOException {
            if (len < 0 || at + len > end) {
                throw new EOFException("read past the end of a record block");
            }
            MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, at, b, offset, len);
            at += len;
        }

        @Override
        public void skipBytes(long n) throws IOException {
            if (n < 0 || at + n > end) {
                throw new EOFException("skipped past the end of a record block");
            }
            at += n;
        }
    }

    @Override
    public void close() {
        arena.close();
    }

    /**
     * Writes a record file. Each importing thread fills its own {@link Block}; a full block is compressed on that
     * thread and appended here, so blocks land in the file in the order they filled, and the table says where.
     */
    static final class Writer implements AutoCloseable {
        private final Path file;
        private final FileChannel ch;
        private final AtomicLong next = new AtomicLong();
        private long position = 8;
        private long[] starts = new long[1024];
        private long written;

        Writer(Path file) throws IOException {
            this(file, 8);
        }

        /**
         * A writer whose first block starts at {@code start}, the bytes before it left a hole: tests use this to
         * put blocks past 4 GB without writing 4 GB.
         */
        Writer(Path file, long start) throws IOException {
            this.file = file;
            this.ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
            writeFully(longs(MAGIC));
            ch.position(start);
            position = start;
        }

        /** A block filler for one thread. */
        Block block() {
            return new Block(this);
        }

        private synchronized void append(long number, byte[] bytes, int length) throws IOException {
            if (position + length > MAX_SIZE) {
                throw new IOException("record file " + file + " would outgrow " + (MAX_SIZE >> 30) + " GB, the most an address can name");
            }
            writeFully(ByteBuffer.wrap(bytes, 0, length));
            if (number >= starts.length) {
                starts = Arrays.copyOf(starts, (int) Math.max(number + 1, starts.length * 2L));
            }
            starts[(int) number] = position;
            position += length;
            written++;
        }

        private void writeFully(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }

        /**
         * Writes the block table and the footer and forces the file to disk. Every block must be flushed; a block
         * number handed out and never written means a lost record, and fails.
         */
        void finish() throws IOException {
            long count = next.get();
            if (written != count) {
                throw new IOException("record file " + file + ": " + count + " blocks begun, " + written + " written");
            }
            long tableAt = position;
            ByteBuffer t = ByteBuffer.allocate((int) Math.min(count * 8, 1 << 20)).order(ByteOrder.LITTLE_ENDIAN);
            for (long i = 0; i < count; i++) {
                if (!t.hasRemaining()) {
                    writeFully(t.flip());
                    t.clear();
                }
                long s = starts[(int) i];
                if (s == 0) {
                    throw new IOException("record file " + file + ": block " + i + " was never written");
                }
                t.putLong(s);
            }
            writeFully(t.flip());
            writeFully(longs(tableAt, count, MAGIC));
            ch.force(true);
        }

        private static ByteBuffer longs(long... v) {
            ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (long x : v) {
                b.putLong(x);
            }
            return b.flip();
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    /** One thread's block being filled: records are added, and a full block goes to the file. */
    static final class Block {
        private final Writer writer;
        private final LZ4.FastCompressionHashTable hash = new LZ4.FastCompressionHashTable();
        private int skipCompression;
        private int incompressible;
        private long number = -1;
        private int count;
        private final int[] lengths = new int[MAX_PER_BLOCK];
        private byte[] data = new byte[BLOCK_BYTES * 2];
        private int size;
        private byte[] lz4 = new byte[BLOCK_BYTES * 3];
        private byte[] out = new byte[BLOCK_BYTES * 3];

        private Block(Writer writer) {
            this.writer = writer;
        }

        /** Adds a record and returns its address. */
        long add(byte[] record, int off, int len) throws IOException {
            if (count == MAX_PER_BLOCK || (count > 0 && size + len > BLOCK_BYTES)) {
                flush();
            }
            if (count == 0) {
                number = writer.next.getAndIncrement();
            }
            if (size + len > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, size + len));
            }
            System.arraycopy(record, off, data, size, len);
            size += len;
            lengths[count] = len;
            return number << PLACE_BITS | count++;
        }

        /** Writes the block being filled, if any. */
        void flush() throws IOException {
            if (count == 0) {
                return;
            }
            int bound = 16 + 5 * count + size + size / 255 + 32;
            if (out.length < bound) {
                out = new byte[bound];
            }
            if (lz4.length < bound) {
                lz4 = new byte[bound];
            }
            // records LZ4 cannot shrink (audio features: numbers) are stored as they are, and once four blocks in
            // a row did not shrink, only every sixteenth is tried: the attempts cost a tenth of the features import
            boolean compress = false;
            ByteArrayDataOutput c = new ByteArrayDataOutput(lz4);
            if (skipCompression > 0) {
                skipCompression--;
            } else {
                LZ4.compress(data, 0, size, c, hash);
                compress = c.getPosition() <= size * 0.9;
                incompressible = compress ? 0 : incompressible + 1;
                if (incompressible >= 4) {
                    skipCompression = 15;
                }
            }
            ByteArrayDataOutput o = new ByteArrayDataOutput(out);
            o.writeByte(compress ? LZ4_MODE : RAW);
            o.writeVInt(count);
            for (int i = 0; i < count; i++) {
                o.writeVInt(lengths[i]);
            }
            if (compress) {
                o.writeVInt(c.getPosition());
                o.writeBytes(lz4, 0, c.getPosition());
            } else {
                o.writeVInt(size);
                o.writeBytes(data, 0, size);
            }
            writer.append(number, out, o.getPosition());
            count = 0;
            size = 0;
            number = -1;
        }
    }
}
