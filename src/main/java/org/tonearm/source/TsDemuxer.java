package org.tonearm.source;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Pulls the MPEG audio elementary stream out of MPEG-TS packets (the PES payloads of the PMT's MPEG audio stream),
 * because concatenated .ts segments are not a valid MP3. Keeps its state across segments.
 */
final class TsDemuxer {
    private static final int PACKET = 188;
    private final OutputStream out;
    private int pmtPid = -1;
    private int audioPid = -1;
    private boolean inPes;
    private final byte[] carry = new byte[PACKET];
    private int carried;

    TsDemuxer(OutputStream out) {
        this.out = out;
    }

    /** Feeds the next bytes of the transport stream (a whole segment or any part of one). */
    void feed(byte[] data, int off, int len) throws IOException {
        int i = off;
        int end = off + len;
        if (carried > 0) {
            int take = Math.min(PACKET - carried, len);
            System.arraycopy(data, i, carry, carried, take);
            carried += take;
            i += take;
            if (carried < PACKET) {
                return;
            }
            packet(carry, 0);
            carried = 0;
        }
        while (end - i >= PACKET) {
            packet(data, i);
            i += PACKET;
        }
        if (i < end) {
            System.arraycopy(data, i, carry, 0, end - i);
            carried = end - i;
        }
    }

    /** Checks nothing is left half-read at the end. */
    void finish() throws IOException {
        if (audioPid < 0) {
            throw new IOException("the HLS segments carry no MPEG audio stream");
        }
    }

    private void packet(byte[] p, int o) throws IOException {
        if (p[o] != 0x47) {
            throw new IOException("not an MPEG-TS segment (lost sync byte)");
        }
        boolean start = (p[o + 1] & 0x40) != 0;
        int pid = ((p[o + 1] & 0x1f) << 8) | (p[o + 2] & 0xff);
        int afc = (p[o + 3] >> 4) & 0x3;
        int pos = o + 4;
        if (afc == 2 || afc == 3) {
            pos += 1 + (p[o + 4] & 0xff);
        }
        int end = o + PACKET;
        if ((afc & 1) == 0 || pos >= end) {
            return;
        }
        if (pid == 0) {
            pat(p, pos, end, start);
        } else if (pid == pmtPid && audioPid < 0) {
            pmt(p, pos, end, start);
        } else if (pid == audioPid) {
            pes(p, pos, end, start);
        }
    }

    private void pat(byte[] p, int pos, int end, boolean start) {
        if (!start) {
            return;
        }
        int s = pos + 1 + (p[pos] & 0xff);
        int sectionLength = ((p[s + 1] & 0x0f) << 8) | (p[s + 2] & 0xff);
        int entries = Math.min(s + 3 + sectionLength - 4, end);
        for (int e = s + 8; e + 4 <= entries; e += 4) {
            int program = ((p[e] & 0xff) << 8) | (p[e + 1] & 0xff);
            if (program != 0) {
                pmtPid = ((p[e + 2] & 0x1f) << 8) | (p[e + 3] & 0xff);
                return;
            }
        }
    }

    private void pmt(byte[] p, int pos, int end, boolean start) throws IOException {
        if (!start) {
            return;
        }
        int s = pos + 1 + (p[pos] & 0xff);
        int sectionLength = ((p[s + 1] & 0x0f) << 8) | (p[s + 2] & 0xff);
        int last = Math.min(s + 3 + sectionLength - 4, end);
        int infoLength = ((p[s + 10] & 0x0f) << 8) | (p[s + 11] & 0xff);
        int kinds = 0;
        for (int e = s + 12 + infoLength; e + 5 <= last; ) {
            int type = p[e] & 0xff;
            int esPid = ((p[e + 1] & 0x1f) << 8) | (p[e + 2] & 0xff);
            int esInfo = ((p[e + 3] & 0x0f) << 8) | (p[e + 4] & 0xff);
            if (type == 0x03 || type == 0x04) {
                audioPid = esPid;
                return;
            }
            kinds++;
            e += 5 + esInfo;
        }
        if (kinds > 0) {
            throw new IOException("the HLS segments carry audio that is not MP3");
        }
    }

    private void pes(byte[] p, int pos, int end, boolean start) throws IOException {
        int from = pos;
        if (start) {
            if (end - pos < 9 || p[pos] != 0 || p[pos + 1] != 0 || p[pos + 2] != 1) {
                throw new IOException("broken PES header in an HLS segment");
            }
            from = pos + 9 + (p[pos + 8] & 0xff);
            inPes = true;
        }
        if (inPes && from < end) {
            out.write(p, from, end - from);
        }
    }
}
