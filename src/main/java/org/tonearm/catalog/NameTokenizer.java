package org.tonearm.catalog;

import java.io.IOException;
import java.io.StringReader;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * The catalog's tokenizer: the tokens of StandardTokenizer, lower-cased and accent-folded, in one pass. Text made
 * only of characters whose word-break class is known here (Latin, Greek and Cyrillic letters, digits, CJK ideographs,
 * spaces and common punctuation) is split by hand with a folding table; any other text, and text with a word long
 * enough to meet the standard tokenizer's length cut, goes through the standard chain, so both produce the same
 * tokens ({@code NameTokenizerTest} compares them). An import spent about a tenth of its time in the standard chain.
 */
final class NameTokenizer extends Tokenizer {
    static final int MAX_TOKEN_LENGTH = 64;
    /** A word this long or longer goes the standard way: the length cut there depends on its scanner's look-ahead. */
    private static final int LONG_WORD = MAX_TOKEN_LENGTH - 8;

    private static final byte OTHER = 0;
    private static final byte LETTER = 1;
    private static final byte DIGIT = 2;
    /** Joins letters to letters (":", "·"). */
    private static final byte MID_LETTER = 3;
    /** Joins digits to digits (",", ";"). */
    private static final byte MID_NUM = 4;
    /** Joins letters to letters and digits to digits (".", "'", "’"). */
    private static final byte MID_NUM_LETTER = 5;
    /** A token of its own, one character long (CJK ideographs). */
    private static final byte IDEOGRAPH = 6;
    /** Unknown here: the text goes through the standard chain. */
    private static final byte SLOW = 7;

    private static final int TABLE_SIZE = 0x0530;
    /** CJK ideographs as far as Unicode 6.1 assigned them (later ones go the standard way). */
    private static final int HAN_FIRST = 0x4E00;
    private static final int HAN_LAST = 0x9FCC;
    private static final byte[] CLASS = new byte[TABLE_SIZE];
    /** What LowerCaseFilter then ASCIIFoldingFilter make of each letter below {@link #TABLE_SIZE}. */
    private static final char[][] FOLDED = new char[TABLE_SIZE][];

    static {
        for (int c = 0; c < TABLE_SIZE; c++) {
            CLASS[c] = SLOW;
        }
        for (char c : " !\"#$%&()*+-/<=>?@[\\]^`{|}~".toCharArray()) {
            CLASS[c] = OTHER;
        }
        for (int c = '0'; c <= '9'; c++) {
            CLASS[c] = DIGIT;
        }
        CLASS[':'] = MID_LETTER;
        CLASS[0x00B7] = MID_LETTER;
        CLASS[','] = MID_NUM;
        CLASS[';'] = MID_NUM;
        CLASS['.'] = MID_NUM_LETTER;
        CLASS['\''] = MID_NUM_LETTER;
        letters('A', 'Z');
        letters('a', 'z');
        letters(0x00C0, 0x00D6);
        letters(0x00D8, 0x00F6);
        letters(0x00F8, 0x024F);
        letters(0x0388, 0x038A);
        letters(0x038C, 0x038C);
        letters(0x038E, 0x03A1);
        letters(0x03A3, 0x03F5);
        letters(0x03F7, 0x0481);
        letters(0x048A, 0x052F);
        for (int c = 0; c < TABLE_SIZE; c++) {
            if (CLASS[c] != SLOW) {
                FOLDED[c] = fold((char) c);
            }
        }
    }

    /** What LowerCaseFilter then ASCIIFoldingFilter make of the right single quotation mark. */
    private static final char[] FOLDED_QUOTE = fold('\u2019');

    private static char[] fold(char c) {
        char[] out = new char[4];
        int n = ASCIIFoldingFilter.foldToASCII(new char[] {(char) Character.toLowerCase(c)}, 0, out, 0, 1);
        return java.util.Arrays.copyOf(out, n);
    }

    private static void letters(int from, int to) {
        for (int c = from; c <= to; c++) {
            CLASS[c] = LETTER;
        }
    }

    private static byte classOf(char c) {
        if (c < TABLE_SIZE) {
            return CLASS[c];
        }
        if (c >= HAN_FIRST && c <= HAN_LAST) {
            return IDEOGRAPH;
        }
        return c == '\u2019' ? MID_NUM_LETTER : SLOW;
    }

    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
    private final PositionIncrementAttribute posInc = addAttribute(PositionIncrementAttribute.class);

    private char[] text = new char[256];
    private int length;
    private int pos;
    /** The standard chain for text the fast path does not know, created on first use. */
    private StandardTokenizer standard;
    private TokenStream standardChain;
    private CharTermAttribute standardTerm;
    private OffsetAttribute standardOffset;
    private PositionIncrementAttribute standardPosInc;
    private boolean slow;

    @Override
    public void reset() throws IOException {
        super.reset();
        length = 0;
        for (int n; (n = input.read(text, length, text.length - length)) > 0; ) {
            length += n;
            if (length == text.length) {
                text = java.util.Arrays.copyOf(text, text.length * 2);
            }
        }
        pos = 0;
        slow = !fast(text, length);
        if (slow) {
            if (standard == null) {
                standard = new StandardTokenizer();
                standard.setMaxTokenLength(MAX_TOKEN_LENGTH);
                standardChain = new ASCIIFoldingFilter(new LowerCaseFilter(standard));
                standardTerm = standardChain.getAttribute(CharTermAttribute.class);
                standardOffset = standardChain.getAttribute(OffsetAttribute.class);
                standardPosInc = standardChain.getAttribute(PositionIncrementAttribute.class);
            }
            standard.setReader(new StringReader(new String(text, 0, length)));
            standardChain.reset();
        }
    }

    /** Whether every character is known here and no word is long enough to meet the length cut. */
    private static boolean fast(char[] text, int length) {
        int word = 0;
        for (int i = 0; i < length; i++) {
            byte k = classOf(text[i]);
            if (k == SLOW) {
                return false;
            }
            word = k == OTHER || k == IDEOGRAPH ? 0 : word + 1;
            if (word >= LONG_WORD) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean incrementToken() throws IOException {
        clearAttributes();
        if (slow) {
            if (!standardChain.incrementToken()) {
                return false;
            }
            term.copyBuffer(standardTerm.buffer(), 0, standardTerm.length());
            offset.setOffset(correctOffset(standardOffset.startOffset()), correctOffset(standardOffset.endOffset()));
            posInc.setPositionIncrement(standardPosInc.getPositionIncrement());
            return true;
        }
        while (pos < length) {
            byte k = classOf(text[pos]);
            if (k == LETTER || k == DIGIT || k == IDEOGRAPH) {
                break;
            }
            pos++;
        }
        if (pos == length) {
            return false;
        }
        int start = pos;
        if (classOf(text[pos]) == IDEOGRAPH) {
            pos++;
            term.copyBuffer(text, start, 1);
        } else {
            pos = wordEnd(start);
            char[] buf = term.resizeBuffer(4 * (pos - start));
            int n = 0;
            for (int i = start; i < pos; i++) {
                char c = text[i];
                if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                    buf[n++] = c;
                } else {
                    for (char f : c < TABLE_SIZE ? FOLDED[c] : FOLDED_QUOTE) {
                        buf[n++] = f;
                    }
                }
            }
            term.setLength(n);
        }
        offset.setOffset(correctOffset(start), correctOffset(pos));
        posInc.setPositionIncrement(1);
        return true;
    }

    /** The end of the word starting at {@code start}: letters and digits, joined by one mid character between them. */
    private int wordEnd(int start) {
        int i = start + 1;
        while (i < length) {
            byte k = classOf(text[i]);
            if (k == LETTER || k == DIGIT) {
                i++;
                continue;
            }
            if (i + 1 < length && (k == MID_LETTER || k == MID_NUM || k == MID_NUM_LETTER)) {
                byte before = classOf(text[i - 1]);
                byte after = classOf(text[i + 1]);
                boolean letters = before == LETTER && after == LETTER && k != MID_NUM;
                boolean digits = before == DIGIT && after == DIGIT && k != MID_LETTER;
                if (letters || digits) {
                    i += 2;
                    continue;
                }
            }
            break;
        }
        return i;
    }

    @Override
    public void end() throws IOException {
        super.end();
        if (slow) {
            standardChain.end();
        }
        int end = correctOffset(length);
        offset.setOffset(end, end);
    }

    @Override
    public void close() throws IOException {
        super.close();
        if (standardChain != null && slow) {
            standardChain.close();
        }
        slow = false;
    }
}
