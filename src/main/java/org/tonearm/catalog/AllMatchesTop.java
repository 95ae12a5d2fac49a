package org.tonearm.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;

/**
 * The best {@code n} of every match, by score then document (as Lucene's own top-score collector orders them), with
 * the exact match count, for a search that scores all its matches. Candidates above the current n-th score are
 * buffered and cut back to the best n when the buffer fills, which costs a constant per match; a heap of n costs a
 * logarithm per competitive match, and in a catalog whose documents come roughly in order of popularity nearly every
 * match is competitive (a sixth of such a search's time went to heap updates).
 */
final class AllMatchesTop implements CollectorManager<AllMatchesTop.Top, TopDocs> {
    private final int n;

    AllMatchesTop(int n) {
        this.n = Math.max(1, n);
    }

    @Override
    public Top newCollector() {
        return new Top(n);
    }

    @Override
    public TopDocs reduce(Collection<Top> collectors) {
        long total = 0;
        Top all = new Top(n);
        for (Top t : collectors) {
            total += t.total;
            for (int i = 0; i < t.size; i++) {
                all.offer(t.docs[i], t.scores[i]);
            }
        }
        all.cut();
        List<ScoreDoc> best = new ArrayList<>(all.size);
        for (int i = 0; i < all.size; i++) {
            best.add(new ScoreDoc(all.docs[i], all.scores[i]));
        }
        best.sort(AllMatchesTop::order);
        return new TopDocs(new TotalHits(total, TotalHits.Relation.EQUAL_TO), best.toArray(ScoreDoc[]::new));
    }

    private static int order(ScoreDoc a, ScoreDoc b) {
        int c = Float.compare(b.score, a.score);
        return c != 0 ? c : Integer.compare(a.doc, b.doc);
    }

    /** One slice's candidates. */
    static final class Top implements Collector {
        private final int n;
        private int[] docs;
        private float[] scores;
        private int size;
        private long total;
        private float threshold = Float.NEGATIVE_INFINITY;
        private boolean full;

        Top(int n) {
            this.n = n;
            this.docs = new int[Math.max(64, 4 * n)];
            this.scores = new float[docs.length];
        }

        @Override
        public LeafCollector getLeafCollector(LeafReaderContext context) {
            int base = context.docBase;
            return new LeafCollector() {
                private Scorable scorer;

                @Override
                public void setScorer(Scorable s) {
                    scorer = s;
                }

                @Override
                public void collect(int doc) throws java.io.IOException {
                    offer(base + doc, scorer.score());
                }
            };
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE;
        }

        /** Counts a match and keeps it if it may be among the best n. */
        void offer(int doc, float score) {
            total++;
            // a tie with the n-th is kept: the cut orders ties by document, whatever order leaves come in
            if (!full || score >= threshold) {
                add(doc, score);
            }
        }

        private void add(int doc, float score) {
            if (size == docs.length) {
                cut();
            }
            docs[size] = doc;
            scores[size] = score;
            size++;
        }

        /** Keeps the best n candidates (by score, then lower document), unordered, and sets the threshold to the n-th score. */
        void cut() {
            if (size <= n) {
                return;
            }
            // quickselect: after it, positions 0..n-1 hold the best n
            int lo = 0;
            int hi = size - 1;
            while (lo < hi) {
                int p = partition(lo, hi, lo + (hi - lo) / 2);
                if (p == n - 1) {
                    break;
                } else if (p < n - 1) {
                    lo = p + 1;
                } else {
                    hi = p - 1;
                }
            }
            size = n;
            float min = Float.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                min = Math.min(min, scores[i]);
            }
            threshold = min;
            full = true;
        }

        /** Whether candidate i ranks before candidate j. */
        private boolean before(int i, int j) {
            return scores[i] > scores[j] || scores[i] == scores[j] && docs[i] < docs[j];
        }

        private int partition(int lo, int hi, int pivot) {
            swap(pivot, hi);
            int store = lo;
            for (int i = lo; i < hi; i++) {
                if (before(i, hi)) {
                    swap(i, store++);
                }
            }
            swap(store, hi);
            return store;
        }

        private void swap(int i, int j) {
            int d = docs[i];
            docs[i] = docs[j];
            docs[j] = d;
            float f = scores[i];
            scores[i] = scores[j];
            scores[j] = f;
        }
    }
}
