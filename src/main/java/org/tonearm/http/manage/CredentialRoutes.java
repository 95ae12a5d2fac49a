package org.tonearm.http.manage;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tonearm.account.Credential;
import org.tonearm.account.CredentialService;
import org.tonearm.account.Principal;

/** {@code /api/credentials/...}: service credentials (secrets masked on the way out) and the Spotify API settings. */
final class CredentialRoutes {
    /** Markets the Spotify Web API serves (ISO 3166-1 alpha-2). */
    static final List<String> MARKETS = List.of("AD", "AE", "AG", "AL", "AM", "AO", "AR", "AT", "AU", "AZ", "BA", "BB",
        "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BN", "BO", "BR", "BS", "BT", "BW", "BY", "BZ", "CA", "CD", "CG", "CH",
        "CI", "CL", "CM", "CO", "CR", "CV", "CW", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE", "EG", "ES",
        "ET", "FI", "FJ", "FM", "FR", "GA", "GB", "GD", "GE", "GH", "GM", "GN", "GQ", "GR", "GT", "GW", "GY", "HK", "HN",
        "HR", "HT", "HU", "ID", "IE", "IL", "IN", "IQ", "IS", "IT", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN",
        "KR", "KW", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MG",
        "MH", "MK", "ML", "MN", "MO", "MR", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NE", "NG", "NI", "NL", "NO",
        "NP", "NR", "NZ", "OM", "PA", "PE", "PG", "PH", "PK", "PL", "PR", "PS", "PT", "PW", "PY", "QA", "RO", "RS", "RW",
        "SA", "SB", "SC", "SE", "SG", "SI", "SK", "SL", "SM", "SN", "SR", "ST", "SV", "SZ", "TD", "TG", "TH", "TJ", "TL",
        "TN", "TO", "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "US", "UY", "UZ", "VC", "VE", "VN", "VU", "WS", "XK", "ZA",
        "ZM", "ZW");

    private final CredentialService credentials;

    CredentialRoutes(CredentialService credentials) {
        this.credentials = credentials;
    }

    List<Route> routes() {
        // fixed paths before the {service} patterns that would otherwise swallow them
        return List.of(
            new Route(GET, "/api/credentials/spotify_api_config", Access.ADMIN, null, this::spotifyApi),
            new Route(PUT, "/api/credentials/spotify_api_config", Access.ADMIN, Wire.SpotifyApiBody.class, this::setSpotifyApi),
            new Route(GET, "/api/credentials/markets", Access.USER, null, (ctx, p) -> ctx.json(Map.of("markets", MARKETS))),
            new Route(GET, "/api/credentials/all/{service}", Access.ADMIN, null, this::all),
            new Route(GET, "/api/credentials/{service}", Access.ADMIN, null, this::names),
            new Route(GET, "/api/credentials/{service}/{name}", Access.ADMIN, null, this::get),
            new Route(POST, "/api/credentials/{service}/{name}", Access.ADMIN, Wire.CredentialBody.class, this::create),
            new Route(PUT, "/api/credentials/{service}/{name}", Access.ADMIN, Wire.CredentialBody.class, this::update),
            new Route(DELETE, "/api/credentials/{service}/{name}", Access.ADMIN, null, this::delete));
    }

    private static Map<String, Object> shown(Credential c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("service", c.service());
        m.putAll(CredentialService.masked(c.service(), c.fields()));
        m.put("created_at", Wire.time(c.createdAt()));
        m.put("updated_at", Wire.time(c.updatedAt()));
        return m;
    }

    private void spotifyApi(Context ctx, Principal p) {
        ctx.json(CredentialService.masked("spotify", credentials.spotifyApi().orElse(Map.of())));
    }

    private void setSpotifyApi(Context ctx, Principal p) {
        Map<String, String> saved = credentials.setSpotifyApi(JsonBodies.read(ctx, Wire.SpotifyApiBody.class).fields());
        ctx.json(CredentialService.masked("spotify", saved));
    }

    private void all(Context ctx, Principal p) {
        ctx.json(credentials.list(ctx.pathParam("service")).stream().map(CredentialRoutes::shown).toList());
    }

    private void names(Context ctx, Principal p) {
        ctx.json(credentials.list(ctx.pathParam("service")).stream().map(Credential::name).toList());
    }

    private void get(Context ctx, Principal p) {
        ctx.json(shown(credentials.get(ctx.pathParam("service"), ctx.pathParam("name"))));
    }

    /** A write of a credential's fields: create or update. */
    private interface Write {
        Credential apply(String service, String name, Map<String, String> fields);
    }

    private void create(Context ctx, Principal p) {
        write(ctx, credentials::create, "Credential created");
    }

    private void update(Context ctx, Principal p) {
        write(ctx, credentials::update, "Credential updated");
    }

    private static void write(Context ctx, Write write, String message) {
        Map<String, String> fields = JsonBodies.read(ctx, Wire.CredentialBody.class).fields();
        Credential c = write.apply(ctx.pathParam("service"), ctx.pathParam("name"), fields);
        Map<String, Object> out = Wire.message(message);
        out.put("credential", shown(c));
        ctx.json(out);
    }

    private void delete(Context ctx, Principal p) {
        credentials.delete(ctx.pathParam("service"), ctx.pathParam("name"));
        ctx.json(Wire.message("Credential deleted"));
    }
}
