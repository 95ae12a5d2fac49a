package org.tonearm.http.spotify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Strict validator of Spotify Web API response bodies against Spotify's published OpenAPI description
 * ({@code shared/spotify/openapi-2025.yml}), for the tests of the Spotify face.
 *
 * <p>Stricter than the spec reads: every property a schema lists must be present, no property it does not list may
 * appear, JSON types are exact ({@code integer} is not {@code number}, {@code 0} is not {@code false}), {@code null}
 * only where the spec says {@code nullable: true}, enums and minimum/maximum hold. {@code $ref}, {@code allOf}
 * (merged into one closed object) and {@code oneOf} (exactly one alternative) are resolved. The few places where real
 * Spotify responses legitimately leave listed properties out are all in {@link Leniency}.
 *
 * <p>A hand-written walker rather than a JSON Schema library: the OpenAPI subset used here is small, the strictness
 * rules need per-schema context (market given or not), and messages name the JSON pointer in Spotify's own terms.
 */
public final class SpotifySchema {

    /** Error responses the operations do not declare use Spotify's common error responses, by status. */
    private static final Map<Integer, String> ERROR_RESPONSES = Map.of(
            400, "BadRequest", 401, "Unauthorized", 403, "Forbidden", 404, "NotFound", 429, "TooManyRequests");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static volatile SpotifySchema shared;

    private final JsonNode spec;
    private final String basePath;
    private final Map<String, Shape> compiled = new ConcurrentHashMap<>();

    private SpotifySchema(JsonNode spec) {
        this.spec = spec;
        this.basePath = URI.create(spec.path("servers").path(0).path("url").asText("/")).getPath();
    }

    /** The 2025 description from {@code ${tonearm.shared}/spotify/openapi-2025.yml}, parsed once per test JVM. */
    public static SpotifySchema spotify2025() {
        SpotifySchema s = shared;
        if (s == null) {
            synchronized (SpotifySchema.class) {
                if (shared == null) {
                    String root = System.getProperty("tonearm.shared");
                    if (root == null || root.isBlank()) {
                        throw new IllegalStateException(
                                "system property tonearm.shared is not set (surefire sets it to ../shared)");
                    }
                    shared = load(Path.of(root, "spotify", "openapi-2025.yml"));
                }
                s = shared;
            }
        }
        return s;
    }

    /** Parses an OpenAPI 3.0 YAML description of the Spotify Web API. */
    public static SpotifySchema load(Path yaml) {
        try {
            return new SpotifySchema(new ObjectMapper(new YAMLFactory()).readTree(Files.readString(yaml)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Spotify OpenAPI description " + yaml, e);
        }
    }

    /** Fails with every violation listed when the response is not exactly what Spotify would send. */
    public void assertValid(String method, String pathAndQuery, int status, JsonNode body) {
        failOn(violations(method, pathAndQuery, status, body), method, pathAndQuery, status, body);
    }

    /** As {@link #assertValid(String, String, int, JsonNode)}, for a raw body. */
    public void assertValid(String method, String pathAndQuery, int status, String body) {
        failOn(violations(method, pathAndQuery, status, body), method, pathAndQuery, status, body);
    }

    private static void failOn(List<String> problems, String method, String pathAndQuery, int status, Object body) {
        if (!problems.isEmpty()) {
            throw new AssertionError(method + " " + pathAndQuery + " -> " + status
                    + " does not match Spotify's schema:\n  " + String.join("\n  ", problems) + "\nbody: " + body);
        }
    }

    /** The violations of a raw body: not JSON at all, or {@link #violations(String, String, int, JsonNode)}. */
    public List<String> violations(String method, String pathAndQuery, int status, String body) {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return List.of("(root): body is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || node.isMissingNode()) {
            return List.of("(root): body is empty");
        }
        return violations(method, pathAndQuery, status, node);
    }

    /**
     * Every way the body departs from the schema of the response the spec gives for this method, concrete path
     * (with its {@code /v1} base and query string, e.g. {@code /v1/albums/ID/tracks?market=DE}) and status.
     * Each entry starts with the JSON pointer of the offending value.
     */
    public List<String> violations(String method, String pathAndQuery, int status, JsonNode body) {
        Request request = Request.parse(method, pathAndQuery);
        Shape shape;
        try {
            shape = responseShape(request, status);
        } catch (NoSuchOperation e) {
            return List.of("(root): " + e.getMessage());
        }
        List<String> out = new ArrayList<>();
        check(shape, body, "", out);
        if (status >= 400 && body.path("error").path("status").isInt()
                && body.path("error").path("status").intValue() != status) {
            out.add("/error/status: is " + body.path("error").path("status").intValue()
                    + " but the HTTP status is " + status);
        }
        return out;
    }

    private Shape responseShape(Request request, int status) {
        String template = operationTemplate(request);
        JsonNode operation = template == null ? null : spec.path("paths").path(template).get(request.method);
        JsonNode response = operation == null ? null : operation.path("responses").get(Integer.toString(status));
        String key;
        if (response != null) {
            key = request.method + " " + template + " " + status;
        } else if (status >= 400) {
            String name = ERROR_RESPONSES.getOrDefault(status, "BadRequest");
            response = spec.path("components").path("responses").path(name);
            key = "error " + name;
        } else if (operation == null) {
            throw new NoSuchOperation("the spec has no operation " + request.method.toUpperCase() + " " + request.path);
        } else {
            throw new NoSuchOperation("the spec declares no " + status + " response for "
                    + request.method.toUpperCase() + " " + request.path);
        }
        boolean severalIds = operation != null && hasIdsParameter(operation);
        Context ctx = new Context(request.market);
        JsonNode resolvedResponse = response;
        return compiled.computeIfAbsent(key + " market=" + request.market, k -> {
            String responseName = null;
            JsonNode r = resolvedResponse;
            if (r.has("$ref")) {
                responseName = refName(r.get("$ref"));
                r = resolve(r.get("$ref").asText());
            }
            JsonNode schema = r.path("content").path("application/json").path("schema");
            if (schema.isMissingNode()) {
                throw new IllegalStateException("response " + k + " has no application/json schema");
            }
            return Leniency.response(responseName, severalIds, compile(schema, ctx, new ArrayDeque<>()));
        });
    }

    /** The spec's path template matching the request, literal segments winning over {@code {param}} segments. */
    private String operationTemplate(Request request) {
        if (!request.path.startsWith(basePath)) {
            return null;
        }
        String[] segments = request.path.substring(basePath.length()).split("/", -1);
        String best = null;
        int bestLiterals = -1;
        for (Map.Entry<String, JsonNode> path : spec.path("paths").properties()) {
            String template = path.getKey();
            if (!path.getValue().has(request.method)) {
                continue;
            }
            String[] parts = template.split("/", -1);
            if (parts.length != segments.length) {
                continue;
            }
            int literals = 0;
            boolean match = true;
            for (int i = 0; i < parts.length && match; i++) {
                if (parts[i].startsWith("{") && parts[i].endsWith("}")) {
                    match = !segments[i].isEmpty();
                } else if (parts[i].equals(segments[i])) {
                    literals++;
                } else {
                    match = false;
                }
            }
            if (match && literals > bestLiterals) {
                best = template;
                bestLiterals = literals;
            }
        }
        return best;
    }

    private boolean hasIdsParameter(JsonNode operation) {
        for (JsonNode p : operation.path("parameters")) {
            JsonNode param = p.has("$ref") ? resolve(p.get("$ref").asText()) : p;
            if ("ids".equals(param.path("name").asText()) && "query".equals(param.path("in").asText())) {
                return true;
            }
        }
        return false;
    }

    private JsonNode resolve(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalStateException("only local $refs are supported: " + ref);
        }
        JsonNode node = spec.at(ref.substring(1));
        if (node.isMissingNode()) {
            throw new IllegalStateException("dangling $ref " + ref);
        }
        return node;
    }

    private static String refName(JsonNode ref) {
        String s = ref.asText();
        return s.substring(s.lastIndexOf('/') + 1);
    }

    // ---- compiling the OpenAPI subset into shapes ----

    private Shape compile(JsonNode schema, Context ctx, Deque<String> refs) {
        boolean nullable = schema.path("nullable").asBoolean(false);
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            if (refs.contains(ref)) {
                throw new IllegalStateException("recursive schema " + refs + " -> " + ref + " is not supported");
            }
            refs.push(ref);
            Shape shape = Leniency.component(refName(schema.get("$ref")), compile(resolve(ref), ctx, refs));
            refs.pop();
            return nullable ? shape.withNullable() : shape;
        }
        if (schema.has("allOf")) {
            return compileAllOf(schema, ctx, refs, nullable);
        }
        if (schema.has("oneOf")) {
            List<Shape> alternatives = new ArrayList<>();
            for (JsonNode alt : schema.get("oneOf")) {
                alternatives.add(compile(alt, ctx, refs));
            }
            return new OneOfShape(alternatives, nullable);
        }
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "");
        return switch (type) {
            case "object" -> compileObject(schema, ctx, refs, nullable);
            case "array" -> new ArrayShape(schema.has("items")
                    ? compile(schema.get("items"), ctx, refs) : new AnyShape(false), nullable);
            case "string", "integer", "number", "boolean" -> new ScalarShape(type,
                    schema.has("enum") ? toList(schema.get("enum")) : List.of(),
                    schema.has("minimum") ? schema.get("minimum").decimalValue() : null,
                    schema.has("maximum") ? schema.get("maximum").decimalValue() : null,
                    nullable);
            case "" -> new AnyShape(nullable);
            default -> throw new IllegalStateException("unsupported schema type " + type);
        };
    }

    private ObjectShape compileObject(JsonNode schema, Context ctx, Deque<String> refs, boolean nullable) {
        Map<String, Shape> properties = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : schema.path("properties").properties()) {
            properties.put(e.getKey(), compile(e.getValue(), ctx, refs));
        }
        return Leniency.market(ctx, new ObjectShape(properties, Set.of(), Map.of(), 0, nullable));
    }

    /**
     * Merges every allOf part (and the schema's own properties beside allOf) into one object, so that the closed
     * object knows all properties; a lone non-object part (the {@code allOf: [$ref], description} idiom) is kept.
     */
    private Shape compileAllOf(JsonNode schema, Context ctx, Deque<String> refs, boolean nullable) {
        List<Shape> parts = new ArrayList<>();
        for (JsonNode part : schema.get("allOf")) {
            parts.add(compile(part, ctx, refs));
        }
        if (schema.has("properties")) {
            parts.add(compileObject(schema, ctx, refs, false));
        }
        if (parts.size() == 1) {
            return nullable ? parts.getFirst().withNullable() : parts.getFirst();
        }
        Map<String, Shape> properties = new LinkedHashMap<>();
        Set<String> optional = new LinkedHashSet<>();
        Map<String, String> absent = new LinkedHashMap<>();
        int minProperties = 0;
        for (Shape part : parts) {
            if (!(part instanceof ObjectShape o)) {
                throw new IllegalStateException("allOf mixes an object with " + part);
            }
            for (Map.Entry<String, Shape> e : o.properties().entrySet()) {
                if (properties.containsKey(e.getKey()) && !properties.get(e.getKey()).equals(e.getValue())) {
                    throw new IllegalStateException("allOf parts define property " + e.getKey() + " differently");
                }
                properties.put(e.getKey(), e.getValue());
            }
            optional.addAll(o.optional());
            absent.putAll(o.absent());
            minProperties = Math.max(minProperties, o.minProperties());
        }
        return new ObjectShape(properties, optional, absent, minProperties, nullable);
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> values = new ArrayList<>();
        array.forEach(values::add);
        return values;
    }

    // ---- checking a body against a shape ----

    private static void check(Shape shape, JsonNode node, String pointer, List<String> out) {
        if (node.isNull()) {
            if (!shape.nullable()) {
                out.add(at(pointer) + ": is null, but " + shape.describe() + " is not nullable");
            }
            return;
        }
        switch (shape) {
            case AnyShape any -> { }
            case ObjectShape o -> checkObject(o, node, pointer, out);
            case ArrayShape a -> {
                if (!node.isArray()) {
                    out.add(at(pointer) + ": expected array, found " + kind(node));
                    return;
                }
                for (int i = 0; i < node.size(); i++) {
                    check(a.items(), node.get(i), pointer + "/" + i, out);
                }
            }
            case ScalarShape s -> checkScalar(s, node, pointer, out);
            case OneOfShape one -> {
                int matches = 0;
                List<String> firstProblems = new ArrayList<>();
                for (Shape alt : one.alternatives()) {
                    List<String> problems = new ArrayList<>();
                    check(alt, node, pointer, problems);
                    if (problems.isEmpty()) {
                        matches++;
                    } else {
                        firstProblems.add(problems.getFirst());
                    }
                }
                if (matches == 0) {
                    out.add(at(pointer) + ": matches none of the " + one.alternatives().size()
                            + " oneOf alternatives " + firstProblems);
                } else if (matches > 1) {
                    out.add(at(pointer) + ": matches " + matches + " oneOf alternatives, expected exactly one");
                }
            }
        }
    }

    private static void checkObject(ObjectShape o, JsonNode node, String pointer, List<String> out) {
        if (!node.isObject()) {
            out.add(at(pointer) + ": expected object, found " + kind(node));
            return;
        }
        for (String name : o.properties().keySet()) {
            if (!node.has(name) && !o.optional().contains(name)) {
                out.add(at(pointer + "/" + escape(name)) + ": required property is missing");
            }
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String child = pointer + "/" + escape(e.getKey());
            Shape property = o.properties().get(e.getKey());
            if (property != null) {
                check(property, e.getValue(), child, out);
            } else if (o.absent().containsKey(e.getKey())) {
                out.add(at(child) + ": must be absent " + o.absent().get(e.getKey()));
            } else {
                out.add(at(child) + ": property is not in Spotify's schema (expected only " + o.properties().keySet()
                        + ")");
            }
        }
        if (node.size() < o.minProperties()) {
            out.add(at(pointer) + ": needs at least " + o.minProperties() + " of " + o.properties().keySet());
        }
    }

    private static void checkScalar(ScalarShape s, JsonNode node, String pointer, List<String> out) {
        boolean typeOk = switch (s.type()) {
            case "string" -> node.isTextual();
            case "integer" -> node.isIntegralNumber();
            case "number" -> node.isNumber();
            case "boolean" -> node.isBoolean();
            default -> false;
        };
        if (!typeOk) {
            out.add(at(pointer) + ": expected " + s.type() + ", found " + kind(node) + " " + node);
            return;
        }
        if (!s.enumValues().isEmpty() && s.enumValues().stream().noneMatch(v -> v.equals(node))) {
            out.add(at(pointer) + ": " + node + " is not one of " + s.enumValues());
        }
        if (node.isNumber()) {
            BigDecimal value = node.decimalValue();
            if (s.minimum() != null && value.compareTo(s.minimum()) < 0) {
                out.add(at(pointer) + ": " + node + " is below the minimum " + s.minimum());
            }
            if (s.maximum() != null && value.compareTo(s.maximum()) > 0) {
                out.add(at(pointer) + ": " + node + " is above the maximum " + s.maximum());
            }
        }
    }

    private static String kind(JsonNode node) {
        if (node.isIntegralNumber()) {
            return "integer";
        }
        if (node.isNumber()) {
            return "number";
        }
        return node.getNodeType().name().toLowerCase();
    }

    private static String at(String pointer) {
        return pointer.isEmpty() ? "(root)" : pointer;
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    // ---- the shapes: the spec's schemas after $ref, allOf and the leniency rules are applied ----

    private sealed interface Shape {
        boolean nullable();

        Shape withNullable();

        default String describe() {
            return getClass().getSimpleName().replace("Shape", "").toLowerCase();
        }
    }

    private record AnyShape(boolean nullable) implements Shape {
        public Shape withNullable() {
            return new AnyShape(true);
        }
    }

    /** {@code optional}: listed but allowed to be missing; {@code absent}: must not appear, with the reason. */
    private record ObjectShape(Map<String, Shape> properties, Set<String> optional, Map<String, String> absent,
                               int minProperties, boolean nullable) implements Shape {
        public Shape withNullable() {
            return new ObjectShape(properties, optional, absent, minProperties, true);
        }
    }

    private record ArrayShape(Shape items, boolean nullable) implements Shape {
        public Shape withNullable() {
            return new ArrayShape(items, true);
        }
    }

    private record ScalarShape(String type, List<JsonNode> enumValues, BigDecimal minimum, BigDecimal maximum,
                               boolean nullable) implements Shape {
        public Shape withNullable() {
            return new ScalarShape(type, enumValues, minimum, maximum, true);
        }

        public String describe() {
            return type;
        }
    }

    private record OneOfShape(List<Shape> alternatives, boolean nullable) implements Shape {
        public Shape withNullable() {
            return new OneOfShape(alternatives, true);
        }
    }

    private record Context(boolean market) {
    }

    private record Request(String method, String path, boolean market) {
        static Request parse(String method, String pathAndQuery) {
            int q = pathAndQuery.indexOf('?');
            String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
            boolean market = false;
            if (q >= 0) {
                for (String pair : pathAndQuery.substring(q + 1).split("&")) {
                    int eq = pair.indexOf('=');
                    if (eq == "market".length() && pair.startsWith("market") && eq < pair.length() - 1) {
                        market = true;
                    }
                }
            }
            return new Request(method.toLowerCase(), path, market);
        }
    }

    private static final class NoSuchOperation extends RuntimeException {
        NoSuchOperation(String message) {
            super(message);
        }
    }

    /**
     * The one list of places where Spotify's real responses leave out properties its schema lists, or where a
     * listed property must not appear. Everything else is "all listed properties present, nothing else".
     * <ol>
     *   <li>Market. Without a {@code market} parameter objects carry {@code available_markets} and none of
     *       {@code is_playable}, {@code restrictions}, {@code linked_from}. With one, {@code available_markets} is
     *       omitted, {@code is_playable} is present where the object's schema lists it (tracks), and
     *       {@code restrictions} / {@code linked_from} appear only when a restriction or relinking applies.</li>
     *   <li>{@code ExternalIdObject}: an object carries only the ids it has ({@code isrc} on tracks, {@code upc}
     *       on albums), so {@code isrc}, {@code ean}, {@code upc} are each optional.</li>
     *   <li>The search response ({@code SearchItems}) holds only the requested types: each of its properties is
     *       optional, but at least one must be present.</li>
     *   <li>Several-ids endpoints (an {@code ids} query parameter) answer {@code null} in place of an unknown id:
     *       their array items are nullable.</li>
     * </ol>
     * Deprecated properties stay required because Spotify still sends them: {@code preview_url} (nullable) and
     * the album's {@code genres} (always {@code []}).
     */
    private static final class Leniency {
        private static final Set<String> MARKET_ONLY_OPTIONAL = Set.of("restrictions", "linked_from");

        static ObjectShape market(Context ctx, ObjectShape o) {
            Set<String> optional = new LinkedHashSet<>(o.optional());
            Map<String, String> absent = new LinkedHashMap<>(o.absent());
            Map<String, Shape> properties = new LinkedHashMap<>(o.properties());
            if (ctx.market()) {
                move(properties, absent, "available_markets", "when a market is given");
                for (String name : MARKET_ONLY_OPTIONAL) {
                    if (properties.containsKey(name)) {
                        optional.add(name);
                    }
                }
            } else {
                move(properties, absent, "is_playable", "without a market parameter");
                for (String name : MARKET_ONLY_OPTIONAL) {
                    move(properties, absent, name, "without a market parameter");
                }
            }
            return new ObjectShape(properties, optional, absent, o.minProperties(), o.nullable());
        }

        private static void move(Map<String, Shape> properties, Map<String, String> absent, String name,
                                 String reason) {
            if (properties.remove(name) != null) {
                absent.put(name, reason);
            }
        }

        static Shape component(String name, Shape shape) {
            if (name.equals("ExternalIdObject") && shape instanceof ObjectShape o) {
                return new ObjectShape(o.properties(), o.properties().keySet(), o.absent(), 0, o.nullable());
            }
            return shape;
        }

        static Shape response(String name, boolean severalIds, Shape shape) {
            if ("SearchItems".equals(name) && shape instanceof ObjectShape o) {
                return new ObjectShape(o.properties(), o.properties().keySet(), o.absent(), 1, o.nullable());
            }
            if (severalIds && shape instanceof ObjectShape o && o.properties().size() == 1) {
                Map.Entry<String, Shape> only = o.properties().entrySet().iterator().next();
                if (only.getValue() instanceof ArrayShape a) {
                    return new ObjectShape(Map.of(only.getKey(), new ArrayShape(a.items().withNullable(),
                            a.nullable())), o.optional(), o.absent(), o.minProperties(), o.nullable());
                }
            }
            return shape;
        }
    }
}
