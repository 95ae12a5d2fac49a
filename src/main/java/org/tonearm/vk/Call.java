package org.tonearm.vk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** One API method with its parameters, built fluently; run it once, page through it, or hand it to {@link VkApi#batch}. */
public final class Call {
    private static final Pattern METHOD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]*\\.[A-Za-z][A-Za-z0-9]*");

    private final VkApi api;
    private final String name;
    private final Map<String, Object> params;

    Call(VkApi api, String name, Map<String, Object> params) {
        this.api = api;
        this.name = name;
        this.params = params;
    }

    public String name() {
        return name;
    }

    /** Adds a parameter; lists become comma lists, booleans 0/1, nulls are left out. */
    public Call param(String key, Object value) {
        params.put(key, value);
        return this;
    }

    public Call params(Map<String, ?> more) {
        params.putAll(more);
        return this;
    }

    /** Runs the call: VK's {@code response}, or the whole answer in raw mode. */
    public JsonNode get() {
        return api.call(name, params);
    }

    /** Runs the call and maps the response onto a Java type with Jackson. */
    public <T> T as(Class<T> type) {
        return VkApi.JSON.convertValue(get(), type);
    }

    /** Lazily walks every item of a {@code {count, items}} method, {@code pageSize} per request. */
    public Pages pages(int pageSize) {
        return new Pages(api, name, VkApi.flatten(params), pageSize);
    }

    /** Every item, fetched page by page. */
    public List<JsonNode> all(int pageSize) {
        return pages(pageSize).all();
    }

    /** Every item, the pages after the first fetched {@value VkApi#EXECUTE_LIMIT} at a time through {@code execute}. */
    public List<JsonNode> allBatched(int pageSize) {
        return pages(pageSize).allBatched();
    }

    public Stream<JsonNode> stream(int pageSize) {
        return pages(pageSize).stream();
    }

    /** This call as VKScript, for {@code execute}: {@code API.users.get({"user_ids":"1,2"})}. */
    String vkScript() {
        if (!METHOD_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a VK method name (section.method)");
        }
        ObjectNode args = VkApi.JSON.createObjectNode();
        VkApi.flatten(params).forEach(args::put);
        return "API." + name + "(" + args + ")";
    }
}
