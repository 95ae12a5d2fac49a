package org.tonearm.account;

import java.net.URI;
import java.util.List;

/**
 * SSO settings: the public base URL callbacks come back to ({@code callbackBase + /api/auth/sso/callback/NAME}), where
 * the browser goes after a successful sign-in ({@code successRedirect}, null: answer JSON), whether an SSO sign-in may
 * create a new account, and the providers.
 */
public record SsoConfig(boolean enabled, URI callbackBase, String successRedirect, boolean allowNewAccounts,
                        List<SsoProvider> providers) {
}
