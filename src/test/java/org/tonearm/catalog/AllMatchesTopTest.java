package org.tonearm.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.junit.jupiter.api.Test;

/** The best n of all matches, in Lucene's order (score, then document), whatever order and ties the scores come in. */
class AllMatchesTopTest {

    @Test
    void keepsTheBestInScoreThenDocumentOrderWithTiesAndRisingScores() throws IOException {
        Random random = new Random(3);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(60);
            int matches = random.nextInt(5000);
            int distinct = 1 + random.nextInt(round % 2 == 0 ? 5 : 100_000);
            boolean rising = round % 3 == 0;
            AllMatchesTop manager = new AllMatchesTop(n);
            AllMatchesTop.Top top = manager.newCollector();
            List<ScoreDoc> all = new ArrayList<>();
            for (int doc = 0; doc < matches; doc++) {
                float score = rising ? doc / 7 : random.nextInt(distinct);
                all.add(new ScoreDoc(doc, score));
                top.offer(doc, score);
            }
            all.sort(Comparator.comparingDouble((ScoreDoc d) -> -d.score).thenComparingInt(d -> d.doc));
            TopDocs got = manager.reduce(List.of(top));
            assertEquals(matches, got.totalHits.value(), "total");
            List<String> want = all.subList(0, Math.min(n, all.size())).stream().map(d -> d.doc + "@" + d.score).toList();
            List<String> have = List.of(got.scoreDocs).stream().map(d -> d.doc + "@" + d.score).toList();
            assertEquals(want, have, "round " + round + ": n=" + n + " matches=" + matches);
        }
    }
}
