package org.tonearm.account;

import java.net.URI;

/** One OAuth 2.0 sign-in provider (Google, GitHub): its endpoints, scope and this server's client credentials. */
public record SsoProvider(String name, String displayName, String clientId, String clientSecret, URI authorizeUrl,
                          URI tokenUrl, URI userInfoUrl, String scope) {

    public boolean configured() {
        return clientId != null && !clientId.isBlank() && clientSecret != null && !clientSecret.isBlank();
    }

    @Override
    public String toString() {
        return "SsoProvider[" + name + ", client " + clientId + ", secret " + SecretBox.mask(clientSecret) + "]";
    }
}
