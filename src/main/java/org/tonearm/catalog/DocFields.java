package org.tonearm.catalog;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.FeatureField;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;

/**
 * The fields the importer puts in one document, as calls: {@link Lucene} adds them to a Lucene {@link Document}
 * at once, {@link SortedSegments} keeps them as bytes until a segment's documents can be added in index order.
 */
interface DocFields {
    /** Words with positions ({@link Fields#TEXT}). */
    void text(String field, String value);

    /** Words only ({@link Fields#MATCH}). */
    void match(String field, String value);

    /** One untokenized term. */
    void keyword(String field, String value);

    void intPoint(String field, int value);

    void longPoint(String field, long value);

    void docValue(String field, long value);

    /** A {@link FeatureField} (ranking signal). */
    void feature(String field, String name, float value);

    /** Adds to a document being built. */
    final class Lucene implements DocFields {
        private final Document doc = new Document();

        Document document() {
            return doc;
        }

        @Override
        public void text(String field, String value) {
            doc.add(new Field(field, value, Fields.TEXT));
        }

        @Override
        public void match(String field, String value) {
            doc.add(new Field(field, value, Fields.MATCH));
        }

        @Override
        public void keyword(String field, String value) {
            doc.add(new StringField(field, value, Field.Store.NO));
        }

        @Override
        public void intPoint(String field, int value) {
            doc.add(new IntPoint(field, value));
        }

        @Override
        public void longPoint(String field, long value) {
            doc.add(new LongPoint(field, value));
        }

        @Override
        public void docValue(String field, long value) {
            doc.add(new NumericDocValuesField(field, value));
        }

        @Override
        public void feature(String field, String name, float value) {
            doc.add(new FeatureField(field, name, value));
        }
    }
}
