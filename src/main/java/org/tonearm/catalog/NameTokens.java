package org.tonearm.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.BytesTermAttribute;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.index.IndexableFieldType;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.UnicodeUtil;

/**
 * The importer's analysis of names, for one thread: each name is analyzed once into its terms' UTF-8 bytes, and those
 * are replayed into every field that indexes it (its own text field and the match-all field). Names recur (an album's
 * name on each of its tracks, an artist's on each credit), so the analyzed form of recent names is kept.
 */
final class NameTokens {
    /** Names kept before the cache starts over (a few tens of megabytes at most). */
    private static final int CACHE_LIMIT = 1 << 17;

    /** A name's terms: UTF-8 bytes end to end, with each term's end and char offsets. */
    record Tokens(byte[] bytes, int[] ends, int[] starts, int[] stops, int length) {
    }

    private final Analyzer analyzer = Fields.analyzer();
    private final Map<String, Tokens> cache = new HashMap<>();
    /** The analyzer's stream for this thread (it hands back the same one each time) and its attributes. */
    private TokenStream stream;
    private CharTermAttribute term;
    private OffsetAttribute offset;
    private PositionIncrementAttribute inc;

    /** The terms of a name seen once (a track's own name): analyzed, not kept. */
    Tokens once(String text) {
        return analyze(text);
    }

    /** The terms of a name that recurs (an album's or an artist's name on a track). */
    Tokens recurring(String text) {
        Tokens t = cache.get(text);
        if (t == null) {
            if (cache.size() >= CACHE_LIMIT) {
                cache.clear();
            }
            t = analyze(text);
            cache.put(text, t);
        }
        return t;
    }

    private Tokens analyze(String text) {
        byte[] bytes = new byte[16];
        int[] ends = new int[4];
        int[] starts = new int[4];
        int[] stops = new int[4];
        int n = 0;
        int size = 0;
        try (TokenStream ts = analyzer.tokenStream(Fields.NAME, text)) {
            if (ts != stream) {
                stream = ts;
                term = ts.addAttribute(CharTermAttribute.class);
                offset = ts.addAttribute(OffsetAttribute.class);
                inc = ts.addAttribute(PositionIncrementAttribute.class);
            }
            ts.reset();
            while (ts.incrementToken()) {
                if (inc.getPositionIncrement() != 1) {
                    throw new IllegalStateException("the catalog analyzer skipped a position in \"" + text + "\"");
                }
                int max = size + term.length() * UnicodeUtil.MAX_UTF8_BYTES_PER_CHAR;
                if (max > bytes.length) {
                    bytes = java.util.Arrays.copyOf(bytes, Math.max(max, bytes.length * 2));
                }
                size = UnicodeUtil.UTF16toUTF8(term, 0, term.length(), bytes, size);
                if (n == ends.length) {
                    ends = java.util.Arrays.copyOf(ends, n * 2);
                    starts = java.util.Arrays.copyOf(starts, n * 2);
                    stops = java.util.Arrays.copyOf(stops, n * 2);
                }
                ends[n] = size;
                starts[n] = offset.startOffset();
                stops[n] = offset.endOffset();
                n++;
            }
            ts.end();
            return new Tokens(java.util.Arrays.copyOf(bytes, size), java.util.Arrays.copyOf(ends, n),
                java.util.Arrays.copyOf(starts, n), java.util.Arrays.copyOf(stops, n), offset.endOffset());
        } catch (IOException e) {
            throw new UncheckedIOException("analyzing a name failed", e);
        }
    }

    /** A field indexing these terms with the given type. */
    static Field field(String name, Tokens tokens, FieldType type) {
        return new NameField(name, tokens, type);
    }

    /** A tokenized field whose terms come from {@link Tokens}; reuses the stream Lucene hands back per field. */
    private static final class NameField extends Field {
        private final Tokens tokens;

        NameField(String name, Tokens tokens, IndexableFieldType type) {
            super(name, type);
            this.tokens = tokens;
        }

        @Override
        public TokenStream tokenStream(Analyzer analyzer, TokenStream reuse) {
            Replay r = reuse instanceof Replay old ? old : new Replay();
            r.tokens = tokens;
            return r;
        }
    }

    /** Replays {@link Tokens} as a token stream. */
    private static final class Replay extends TokenStream {
        private final BytesTermAttribute term = addAttribute(BytesTermAttribute.class);
        private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
        private final PositionIncrementAttribute inc = addAttribute(PositionIncrementAttribute.class);
        private final BytesRef bytes = new BytesRef();
        private Tokens tokens;
        private int next;

        @Override
        public void reset() throws IOException {
            super.reset();
            next = 0;
        }

        @Override
        public boolean incrementToken() {
            if (next == tokens.ends().length) {
                return false;
            }
            clearAttributes();
            int from = next == 0 ? 0 : tokens.ends()[next - 1];
            bytes.bytes = tokens.bytes();
            bytes.offset = from;
            bytes.length = tokens.ends()[next] - from;
            term.setBytesRef(bytes);
            offset.setOffset(tokens.starts()[next], tokens.stops()[next]);
            inc.setPositionIncrement(1);
            next++;
            return true;
        }

        @Override
        public void end() throws IOException {
            super.end();
            offset.setOffset(tokens.length(), tokens.length());
        }
    }
}
