package org.tonearm.http.spotify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;
import org.tonearm.TonearmException;
import org.tonearm.http.ErrorStatus;
import org.tonearm.catalog.Album;
import org.tonearm.catalog.AlbumGroup;
import org.tonearm.catalog.CatalogHolder;
import org.tonearm.catalog.CatalogSearch;
import org.tonearm.catalog.Page;
import org.tonearm.catalog.SearchQuery;
import org.tonearm.catalog.SearchResults;
import org.tonearm.catalog.Track;
import org.tonearm.http.Face;

/**
 * The Spotify Web API face: Spotify's paths under {@code /v1} and the token endpoint {@code /api/token}, with
 * Spotify's JSON and errors, so spotipy, beets or spotify-web-api-java work by changing only the base URL.
 */
public final class SpotifyFace implements Face {
    private static final Pattern ID = Pattern.compile("[0-9A-Za-z]{22}");
    private static final Set<String> COUNTRIES = countries();

    private final CatalogHolder catalog;
    private final SpotifyConfig config;
    private final AccessTokens tokens;
    private final RateLimiter limiter;
    private final BiPredicate<String, String> clients;

    /**
     * @param clients checks a client id and secret for the client-credentials grant
     */
    public SpotifyFace(CatalogHolder catalog, SpotifyConfig config, BiPredicate<String, String> clients, Clock clock) {
        this.catalog = catalog;
        this.config = config;
        this.clients = clients;
        this.tokens = new AccessTokens(clock, config.tokenLifetime());
        this.limiter = new RateLimiter(config.rateLimitPer30s(), clock);
    }

    @Override
    public boolean owns(String path) {
        return path.equals("/v1") || path.startsWith("/v1/") || path.equals("/api/token");
    }

    @Override
    public void routes(RoutesConfig r) {
        r.before("/v1/*", this::guard);
        r.post("/api/token", this::token);
        r.get("/v1/tracks/{id}", this::track);
        r.get("/v1/tracks", this::tracks);
        r.get("/v1/albums/{id}", this::album);
        r.get("/v1/albums", this::albums);
        r.get("/v1/albums/{id}/tracks", this::albumTracks);
        r.get("/v1/artists/{id}", this::artist);
        r.get("/v1/artists", this::artists);
        r.get("/v1/artists/{id}/albums", this::artistAlbums);
        r.get("/v1/artists/{id}/top-tracks", this::topTracks);
        r.get("/v1/audio-features/{id}", this::audioFeature);
        r.get("/v1/audio-features", this::audioFeatures);
        r.get("/v1/search", this::search);
        r.get("/v1/markets", this::markets);
    }

    // ---- auth and limits ----

    private void guard(Context ctx) {
        String auth = ctx.header("Authorization");
        String token = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
        if (config.requireToken()) {
            if (token == null || token.isEmpty()) {
                throw new TonearmException.Unauthorized("No token provided");
            }
            switch (tokens.check(token)) {
                case EXPIRED -> throw new TonearmException.Unauthorized("The access token expired");
                case UNKNOWN -> throw new TonearmException.Unauthorized("Invalid access token");
                case VALID -> { }
            }
        }
        if (!limiter.enabled()) {
            return;
        }
        long wait = limiter.acquire(token != null ? "t:" + token : "ip:" + ctx.ip());
        if (wait > 0) {
            throw new TonearmException.RateLimited("API rate limit exceeded", wait);
        }
    }

    private void token(Context ctx) {
        String id = ctx.formParam("client_id");
        String secret = ctx.formParam("client_secret");
        String auth = ctx.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    id = decoded.substring(0, colon);
                    secret = decoded.substring(colon + 1);
                }
            } catch (IllegalArgumentException e) {
                oauthError(ctx, 400, "invalid_client", "Invalid client");
                return;
            }
        }
        String grant = ctx.formParam("grant_type");
        if (grant == null || grant.isBlank()) {
            oauthError(ctx, 400, "unsupported_grant_type", "grant_type parameter is missing");
            return;
        }
        if (!grant.equals("client_credentials")) {
            oauthError(ctx, 400, "unsupported_grant_type", "grant_type must be client_credentials");
            return;
        }
        if (id == null || id.isBlank()) {
            oauthError(ctx, 400, "invalid_client", "Invalid client");
            return;
        }
        if (secret == null || !clients.test(id, secret)) {
            oauthError(ctx, 400, "invalid_client", "Invalid client secret");
            return;
        }
        ObjectNode n = SpotifyJson.MAPPER.createObjectNode();
        n.put("access_token", tokens.issue());
        n.put("token_type", "Bearer");
        n.put("expires_in", tokens.lifetime().toSeconds());
        send(ctx, n);
    }

    private static void oauthError(Context ctx, int status, String error, String description) {
        ObjectNode n = SpotifyJson.MAPPER.createObjectNode();
        n.put("error", error);
        n.put("error_description", description);
        ctx.status(status);
        send(ctx, n);
    }

    // ---- handlers ----

    private void track(Context ctx) throws IOException {
        String id = id(ctx.pathParam("id"));
        SpotifyJson json = json(ctx);
        Track t = live().catalog().track(id).orElseThrow(() -> notFound());
        json.track(t);
        send(ctx, json);
    }

    private void tracks(Context ctx) throws IOException {
        List<String> ids = ids(ctx, 50);
        SpotifyJson json = json(ctx);
        json.several("tracks", live().catalog().tracks(ids), json::track);
        send(ctx, json);
    }

    private void album(Context ctx) throws IOException {
        String id = id(ctx.pathParam("id"));
        SpotifyJson json = json(ctx);
        var c = live().catalog();
        Album a = c.album(id).orElseThrow(() -> notFound());
        json.album(a, c, 50, json.url("/v1/albums/" + id + "/tracks", marketParam(ctx)));
        send(ctx, json);
    }

    private void albums(Context ctx) throws IOException {
        List<String> ids = ids(ctx, 20);
        SpotifyJson json = json(ctx);
        var c = live().catalog();
        Map<String, String> market = marketParam(ctx);
        json.several("albums", c.albums(ids), a -> json.album(a, c, 50, json.url("/v1/albums/" + a.id() + "/tracks", market)));
        send(ctx, json);
    }

    private void albumTracks(Context ctx) throws IOException {
        String id = id(ctx.pathParam("id"));
        int limit = intParam(ctx, "limit", 20, 1, 50);
        int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        SpotifyJson json = json(ctx);
        var c = live().catalog();
        Album a = c.album(id).orElseThrow(() -> notFound());
        json.albumTracks(c, a, offset, limit, json.url(ctx.path(), params(ctx)));
        send(ctx, json);
    }

    private void artist(Context ctx) throws IOException {
        String id = id(ctx.pathParam("id"));
        SpotifyJson json = json(ctx);
        json.artist(live().catalog().artist(id).orElseThrow(() -> notFound()));
        send(ctx, json);
    }

    private void artists(Context ctx) throws IOException {
        List<String> ids = ids(ctx, 50);
        SpotifyJson json = json(ctx);
        json.several("artists", live().catalog().artists(ids), json::artist);
        send(ctx, json);
    }

    private void artistAlbums(Context ctx) throws IOException {
        String id = id(ctx.pathParam("id"));
        int limit = intParam(ctx, "limit", 20, 1, 50);
        int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        Set<AlbumGroup> groups = EnumSet.noneOf(AlbumGroup.class);
        String include = ctx.queryParam("include_groups");
        if (include != null && !include.isBlank()) {
            for (String g : include.split(",")) {
                AlbumGroup group = AlbumGroup.parse(g.trim().toLowerCase(Locale.ROOT));
                if (group == null) {
                    throw new TonearmException.InvalidInput("Invalid include_groups value: " + g.trim());
                }
                groups.add(group);
            }
        }
        SpotifyJson json = json(ctx);
        var page = live().catalog().artistAlbums(id, groups, offset, limit).orElseThrow(() -> notFound());
        json.paging(page, json.url(ctx.path(), params(ctx)), json::artistAlbum);
        send(ctx, json);
    }

    private void topTracks(Context ctx) throws IOException {
        String id = id(ctx.pathParam("id"));
        String market = market(ctx);
        SpotifyJson json = json(ctx);
        List<Track> top = live().catalog().topTracks(id, market, 10).orElseThrow(() -> notFound());
        json.several("tracks", top, json::track);
        send(ctx, json);
    }

    private void audioFeature(Context ctx) throws IOException {
        String id = id(ctx.pathParam("id"));
        SpotifyJson json = json(ctx);
        json.audioFeatures(live().catalog().audioFeatures(id).orElseThrow(() -> notFound()));
        send(ctx, json);
    }

    private void audioFeatures(Context ctx) throws IOException {
        List<String> ids = ids(ctx, 100);
        SpotifyJson json = json(ctx);
        json.several("audio_features", live().catalog().audioFeatures(ids), json::audioFeatures);
        send(ctx, json);
    }

    private void search(Context ctx) throws IOException {
        String q = ctx.queryParam("q");
        if (q == null || q.isBlank()) {
            throw new TonearmException.InvalidInput("No search query");
        }
        Set<SearchQuery.Type> types = SearchQuery.Type.parseList(ctx.queryParam("type"));
        int limit = intParam(ctx, "limit", 20, 1, CatalogSearch.MAX_LIMIT);
        int offset = intParam(ctx, "offset", 0, 0, CatalogSearch.MAX_OFFSET);
        SearchQuery query = SearchQuery.parse(q);
        SpotifyJson json = json(ctx);
        SearchResults r = query.isEmpty() ? empty(types, offset, limit) : live().search().search(query, types, offset, limit);
        String href = json.url(ctx.path(), params(ctx));
        var g = json.generator();
        g.writeStartObject();
        if (r.tracks() != null) {
            g.writeFieldName("tracks");
            json.paging(r.tracks(), href, json::track);
        }
        if (r.artists() != null) {
            g.writeFieldName("artists");
            json.paging(r.artists(), href, json::artist);
        }
        if (r.albums() != null) {
            g.writeFieldName("albums");
            json.paging(r.albums(), href, json::simplifiedAlbum);
        }
        g.writeEndObject();
        send(ctx, json);
    }

    private static SearchResults empty(Set<SearchQuery.Type> types, int offset, int limit) {
        return new SearchResults(
            types.contains(SearchQuery.Type.TRACK) ? new Page<>(List.of(), 0, offset, limit) : null,
            types.contains(SearchQuery.Type.ALBUM) ? new Page<>(List.of(), 0, offset, limit) : null,
            types.contains(SearchQuery.Type.ARTIST) ? new Page<>(List.of(), 0, offset, limit) : null);
    }

    private void markets(Context ctx) {
        ObjectNode n = SpotifyJson.MAPPER.createObjectNode();
        var arr = n.putArray("markets");
        live().catalog().markets().forEach(arr::add);
        send(ctx, n);
    }

    // ---- parameters ----

    private CatalogHolder.Live live() {
        return catalog.live();
    }

    private SpotifyJson json(Context ctx) {
        String base = config.publicUrl() != null ? config.publicUrl() : ctx.scheme() + "://" + ctx.host();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return new SpotifyJson(base, market(ctx));
    }

    private String market(Context ctx) {
        String m = ctx.queryParam("market");
        if (m == null || m.isBlank()) {
            return null;
        }
        if (m.equals("from_token")) {
            return config.userMarket();
        }
        String code = m.trim().toUpperCase(Locale.ROOT);
        if (!COUNTRIES.contains(code)) {
            throw new TonearmException.InvalidInput("Invalid market code");
        }
        return code;
    }

    private static Map<String, String> marketParam(Context ctx) {
        Map<String, String> m = new LinkedHashMap<>();
        String market = ctx.queryParam("market");
        if (market != null) {
            m.put("market", market);
        }
        return m;
    }

    private static Map<String, String> params(Context ctx) {
        Map<String, String> m = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((k, v) -> {
            if (!v.isEmpty()) {
                m.put(k, v.getFirst());
            }
        });
        return m;
    }

    private static String id(String raw) {
        if (raw == null || !ID.matcher(raw).matches()) {
            throw new TonearmException.InvalidInput("invalid id");
        }
        return raw;
    }

    private static List<String> ids(Context ctx, int max) {
        String raw = ctx.queryParam("ids");
        if (raw == null || raw.isBlank()) {
            throw new TonearmException.InvalidInput("Missing required parameter: ids");
        }
        String[] parts = raw.split(",", -1);
        if (parts.length > max) {
            throw new TonearmException.InvalidInput("Too many ids requested");
        }
        List<String> ids = new ArrayList<>(parts.length);
        for (String p : parts) {
            ids.add(id(p.trim()));
        }
        return ids;
    }

    private static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v < min || v > max) {
                throw new TonearmException.InvalidInput("Invalid " + name);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new TonearmException.InvalidInput("Invalid " + name);
        }
    }

    private static TonearmException.NotFound notFound() {
        return new TonearmException.NotFound("Resource not found");
    }

    /**
     * Sends a finished body. To a client that takes gzip, through Javalin, which compresses bodies past its
     * threshold; to any other, straight from the body's buffer into the response, with its length, so the bytes are
     * not copied into a result stream and through Javalin's compression stream first (some 8% of the server's time
     * on an album).
     */
    private static void send(Context ctx, SpotifyJson json) throws IOException {
        ctx.contentType("application/json; charset=utf-8");
        SpotifyJson.Body body = json.finish();
        try {
            String encodings = ctx.header("Accept-Encoding");
            if (encodings != null && encodings.toLowerCase(Locale.ROOT).contains("gzip")) {
                ctx.result(body.toByteArray());
            } else {
                ctx.res().setContentLength(body.length());
                body.writeTo(ctx.res().getOutputStream());
            }
        } finally {
            body.release();
        }
    }

    private static void send(Context ctx, JsonNode body) {
        try {
            ctx.contentType("application/json; charset=utf-8");
            ctx.result(SpotifyJson.MAPPER.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- errors ----

    @Override
    public void error(Context ctx, TonearmException e) {
        int status = ErrorStatus.of(ctx, e);
        status(ctx, status, e.getMessage());
    }

    @Override
    public void status(Context ctx, int status, String message) {
        if (ctx.path().equals("/api/token")) {
            oauthError(ctx, status, status == 405 ? "invalid_request" : "server_error", message);
            return;
        }
        ObjectNode n = SpotifyJson.MAPPER.createObjectNode();
        n.putObject("error").put("status", status).put("message", message);
        ctx.status(status);
        send(ctx, n);
    }

    private static Set<String> countries() {
        Set<String> s = new java.util.HashSet<>(Set.of(Locale.getISOCountries()));
        s.add("XK");
        return Set.copyOf(s);
    }
}
