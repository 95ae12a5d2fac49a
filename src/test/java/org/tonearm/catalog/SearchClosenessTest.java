package org.tonearm.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The final ranking step: how closely a candidate's names account for the words a person typed. */
class SearchClosenessTest {
    private final CatalogSearch search = new CatalogSearch(null);

    private float closeness(String query, String name, String... artists) {
        return search.closeness(search.tokens(query), new CatalogSearch.Named(name, List.of(artists)));
    }

    @Test
    void theTrackWhoseNamesAreExactlyTheWordsComesFirst() {
        // an extra artist, an extra word in the title, the words in another order: each ranks below the exact one
        float exact = closeness("neka quetotrer", "Quetorter", "Ñeka");
        assertTrue(exact > closeness("neka quetotrer", "Quetorter", "Ñeka & Röba"));
        assertTrue(closeness("glaha gold", "Gold", "Glaha") > closeness("glaha gold", "Søsa Gold", "Glaha"));
        assertTrue(closeness("kabeldun river sigur", "River Sigur", "Kabeldun")
            > closeness("kabeldun river sigur", "Sigur River", "Kabeldun"));
        assertEquals(1f, exact, 1e-6, "every word accounted for, in order, with one typo forgiven");
    }

    @Test
    void wordsFoundOnlyInOtherFieldsDoNotCount() {
        assertTrue(closeness("blue monday new order", "Blue Monday", "New Order") > closeness("blue monday new order", "Blue", "New Order"));
        assertTrue(closeness("blue monday", "Blue Monday") > closeness("blue monday", "Monday Blues Remix"));
    }

    @Test
    void oneEditMeansOneLetterChangedAddedDroppedOrSwapped() {
        assertTrue(CatalogSearch.oneEdit("quetorter", "quetotrer"), "swapped");
        assertTrue(CatalogSearch.oneEdit("monday", "mondy"), "dropped");
        assertTrue(CatalogSearch.oneEdit("mondy", "monday"), "added");
        assertTrue(CatalogSearch.oneEdit("monday", "monkay"), "changed");
        assertFalse(CatalogSearch.oneEdit("monday", "mnoady"), "two edits");
        assertFalse(CatalogSearch.oneEdit("cat", "car"), "short words match only exactly");
        assertFalse(CatalogSearch.oneEdit("monday", "monday"), "equal is not an edit");
    }
}
