package org.tonearm.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * A name analyzed once and indexed in several fields (its own text field and the match-all field): analysis
 * (tokenizing and accent folding) is the largest single cost of an import, so it is not done twice.
 */
final class Tokens {
    private final String[] terms;

    private Tokens(String[] terms) {
        this.terms = terms;
    }

    static Tokens of(Analyzer analyzer, String text) {
        List<String> out = new ArrayList<>(8);
        try (TokenStream ts = analyzer.tokenStream(Fields.NAME, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Tokens(out.toArray(String[]::new));
    }

    /** A fresh stream of the terms, as the analyzer produced them (one position each). */
    TokenStream stream() {
        return new Replay(terms);
    }

    private static final class Replay extends TokenStream {
        private final String[] terms;
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private int next;

        Replay(String[] terms) {
            this.terms = terms;
        }

        @Override
        public boolean incrementToken() {
            if (next == terms.length) {
                return false;
            }
            clearAttributes();
            term.setEmpty().append(terms[next++]);
            return true;
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            next = 0;
        }
    }
}
