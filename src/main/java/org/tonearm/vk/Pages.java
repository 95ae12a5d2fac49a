package org.tonearm.vk;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** The items of a paginated ({@code {count, items}}) method joined into one sequence, fetched as they are needed. */
public final class Pages implements Iterable<JsonNode> {
    private final VkApi api;
    private final String method;
    private final Map<String, String> params;
    private final int pageSize;
    private final int start;

    Pages(VkApi api, String method, Map<String, String> params, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be at least 1, got " + pageSize);
        }
        this.api = api;
        this.method = method;
        this.params = params;
        this.pageSize = pageSize;
        this.start = params.containsKey("offset") ? Integer.parseInt(params.get("offset")) : 0;
    }

    /** One page as VK sent it. */
    record Page(long count, List<JsonNode> items) {
    }

    Page fetch(int offset) {
        Map<String, String> p = new LinkedHashMap<>(params);
        p.put("offset", Integer.toString(offset));
        p.put("count", Integer.toString(pageSize));
        return page(api.request(method, p).get("response"));
    }

    private Page page(JsonNode r) {
        if (r == null || !r.isObject() || !r.path("count").isNumber() || !r.path("items").isArray()) {
            throw new VkException.Protocol(method + " did not answer a page {count, items}: " + Secrets.abbreviate(String.valueOf(r)));
        }
        List<JsonNode> items = new ArrayList<>(r.get("items").size());
        r.get("items").forEach(items::add);
        return new Page(r.get("count").asLong(), items);
    }

    @Override
    public Iterator<JsonNode> iterator() {
        return new Iterator<>() {
            private int offset = start;
            private Iterator<JsonNode> current = List.<JsonNode>of().iterator();
            private boolean done;

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && !done) {
                    Page p = fetch(offset);
                    offset += p.items().size();
                    current = p.items().iterator();
                    done = p.items().isEmpty() || offset >= p.count();
                }
                return current.hasNext();
            }

            @Override
            public JsonNode next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    public Stream<JsonNode> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** Every item, one request per page. */
    public List<JsonNode> all() {
        List<JsonNode> out = new ArrayList<>();
        forEach(out::add);
        return out;
    }

    /** Every item: the first page tells the count, the rest come {@value VkApi#EXECUTE_LIMIT} pages per {@code execute}. */
    public List<JsonNode> allBatched() {
        Page first = fetch(start);
        List<JsonNode> out = new ArrayList<>(first.items());
        if (first.items().isEmpty()) {
            return out;
        }
        List<Call> rest = new ArrayList<>();
        for (long offset = start + first.items().size(); offset < first.count(); offset += pageSize) {
            Map<String, Object> p = new LinkedHashMap<>(params);
            p.put("offset", Long.toString(offset));
            p.put("count", Integer.toString(pageSize));
            rest.add(api.method(method).params(p));
        }
        for (JsonNode r : api.batch(rest)) {
            out.addAll(page(r).items());
        }
        return out;
    }
}
