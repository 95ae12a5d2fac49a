package org.tonearm.catalog;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * An off-heap open-addressing set of 64-bit id hashes, sized for the table's row count, that spots rows whose id
 * was seen before, safe for concurrent readers. A hit may be a hash collision of two different ids, so the caller treats it as a suspected
 * duplicate and lets the index resolve it by id; a miss is certain.
 */
final class IdSet implements AutoCloseable {
    private static final VarHandle SLOT = ValueLayout.JAVA_LONG.arrayElementVarHandle();

    private final Arena arena = Arena.ofShared();
    private final MemorySegment slots;
    private final long mask;

    IdSet(long expected) {
        long cap = Long.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        slots = arena.allocate(cap * 8, 8);
        slots.fill((byte) 0);
        mask = cap - 1;
    }

    /** Adds the id; returns false when it (or a colliding id) was already there. */
    boolean add(String id) {
        long h = hash(id);
        long i = h & mask;
        while (true) {
            long v = (long) SLOT.getVolatile(slots, 0L, i);
            if (v == h) {
                return false;
            }
            if (v == 0) {
                if (SLOT.compareAndSet(slots, 0L, i, 0L, h)) {
                    return true;
                }
                continue;
            }
            i = (i + 1) & mask;
        }
    }

    static long hash(String s) {
        long h = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001B3L;
            h ^= h >>> 29;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }

    @Override
    public void close() {
        arena.close();
    }
}
