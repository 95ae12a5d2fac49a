package org.tonearm.account;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.tonearm.TonearmException;

/**
 * The client for OAuth 2.0 providers (authorization-code flow with PKCE), built on Nimbus oauth2-oidc-sdk. Endpoints
 * come from {@link SsoProvider}, so tests point it at a local fake provider.
 */
public final class OAuthClient {
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 15_000;

    /** Where to send the browser to ask the user's consent. */
    public URI authorizationUrl(SsoProvider p, State state, CodeVerifier verifier, URI redirect) {
        return new AuthorizationRequest.Builder(new ResponseType(ResponseType.Value.CODE), new ClientID(p.clientId()))
            .endpointURI(p.authorizeUrl())
            .redirectionURI(redirect)
            .scope(Scope.parse(p.scope()))
            .state(state)
            .codeChallenge(verifier, CodeChallengeMethod.S256)
            .build()
            .toURI();
    }

    /** Trades an authorization code for an access token; a refused code is {@link TonearmException.Unauthorized}. */
    public AccessToken exchange(SsoProvider p, String code, CodeVerifier verifier, URI redirect) {
        TokenRequest request = new TokenRequest(p.tokenUrl(),
            new ClientSecretPost(new ClientID(p.clientId()), new Secret(p.clientSecret())),
            new AuthorizationCodeGrant(new AuthorizationCode(code), redirect, verifier));
        HTTPRequest http = request.toHTTPRequest();
        // GitHub answers form-encoded unless asked for JSON
        http.setAccept("application/json");
        HTTPResponse response = send(p, http);
        try {
            TokenResponse parsed = TokenResponse.parse(response);
            if (!parsed.indicatesSuccess()) {
                ErrorObject error = parsed.toErrorResponse().getErrorObject();
                throw new TonearmException.Unauthorized(p.displayName() + " refused the sign-in: "
                    + (error == null ? "error" : error.getCode()));
            }
            return parsed.toSuccessResponse().getTokens().getAccessToken();
        } catch (ParseException e) {
            // GitHub reports a bad code with status 200 and an "error" member instead of a token
            String body = response.getBody() == null ? "" : response.getBody();
            if (body.contains("\"error\"")) {
                throw new TonearmException.Unauthorized(p.displayName() + " refused the sign-in: " + errorCode(body));
            }
            throw new TonearmException.UpstreamFailed(p.displayName() + " sent an unreadable token response", e);
        }
    }

    /** The signed-in user's profile from the provider's user-info endpoint. */
    public Map<String, Object> userInfo(SsoProvider p, AccessToken token) {
        HTTPRequest http = new HTTPRequest(HTTPRequest.Method.GET, p.userInfoUrl());
        http.setAuthorization(token.toAuthorizationHeader());
        http.setAccept("application/json");
        HTTPResponse response = send(p, http);
        if (response.getStatusCode() != 200) {
            throw new TonearmException.UpstreamFailed(p.displayName() + " user info answered HTTP " + response.getStatusCode());
        }
        try {
            return response.getBodyAsJSONObject();
        } catch (ParseException e) {
            throw new TonearmException.UpstreamFailed(p.displayName() + " sent unreadable user info", e);
        }
    }

    private static HTTPResponse send(SsoProvider p, HTTPRequest http) {
        http.setConnectTimeout(CONNECT_TIMEOUT_MS);
        http.setReadTimeout(READ_TIMEOUT_MS);
        try {
            return http.send();
        } catch (IOException e) {
            throw new TonearmException.UpstreamFailed(p.displayName() + " is unreachable: " + e.getMessage(), e);
        }
    }

    private static String errorCode(String body) {
        var m = java.util.regex.Pattern.compile("\"error\"\\s*:\\s*\"([A-Za-z0-9_.-]{1,64})\"").matcher(body);
        return m.find() ? m.group(1) : "error";
    }
}
