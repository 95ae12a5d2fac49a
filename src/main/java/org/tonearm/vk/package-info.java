/**
 * VK API client: what PyVK offers, in Java.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link org.tonearm.vk.VkConfig}: one immutable record with every knob (hosts, version, lang, user agent,
 *       timeouts, retry bound and first delay, each automatic recovery, raw mode, request tracing).</li>
 *   <li>{@link org.tonearm.vk.ClientAuth}: login with the user's password, either through VK's implicit-flow pages
 *       (login form, {@code authcheck_code} 2FA page, {@code security_check} phone digits, captcha, grant page; parsed
 *       with jsoup, redirects followed by hand so the {@code #access_token} fragment is seen) or with
 *       {@code grant_type=password} ({@code need_validation}, {@code need_captcha}). Everything a person must type
 *       comes from an {@link org.tonearm.vk.Input}: {@code Input.stdin()} for terminals,
 *       {@link org.tonearm.vk.PendingInput} for servers (the login thread waits while an operator answers).</li>
 *   <li>{@link org.tonearm.vk.ServerAuth}: the authorization code flow ({@code authUrl()}, {@code auth(code, secret)}).</li>
 *   <li>{@link org.tonearm.vk.TokenStore} / {@link org.tonearm.vk.FileTokenStore}: the token and the login cookies per
 *       account, owner-only file, written atomically. The password is held in a local variable for one login and never
 *       kept: a later start reuses the token, or the cookies (VK skips the password for a known session), and asks
 *       only when both are dead.</li>
 *   <li>{@link org.tonearm.vk.VkApi}: {@code call(method, params)} and {@code method(name).param(..).get()}, Java
 *       lists/arrays/booleans/numbers flattened to VK's comma lists, 0/1 and integers; pagination through
 *       {@link org.tonearm.vk.Pages} (lazy iterator, collect-all, or 25 pages per {@code execute});
 *       {@link org.tonearm.vk.VkApi#batch} for any calls through {@code execute}; {@link org.tonearm.vk.Upload}
 *       for get-server/POST/save in one call, returning the attachment string.</li>
 * </ul>
 *
 * <h2>Errors and recovery</h2>
 * Every failure is a {@link org.tonearm.vk.VkException}: {@code Api} (VK's {@code error_code}, {@code error_msg},
 * {@code request_params}; subclasses {@code Captcha} and {@code Validation}), {@code Auth} (OAuth errors, wrong
 * password or code, refused input), {@code Protocol} (not JSON, wrong shape, a login page we cannot read) and
 * {@code Transport}. {@code toDomain()} maps each to a {@link org.tonearm.TonearmException} for the faces.
 * {@code VkApi.request} retries in one loop, each switchable in the config: 6/9 wait {@code retryDelay * 2^n}
 * through the {@link org.tonearm.vk.Sleeper} (tests record the waits instead of sleeping) up to
 * {@code maxAttempts}; 14 asks the input and resends with {@code captcha_sid}/{@code captcha_key}; 5 runs the auth
 * helper's login again once (only API objects made by {@code ClientAuth} can); 17 shows the input the
 * {@code redirect_uri} and retries once confirmed, otherwise throws it. Raw mode skips all of it and returns VK's JSON.
 *
 * <h2>Secrets</h2>
 * Tokens are sent in POST bodies, never URLs. Logs and exception messages go through {@code Secrets}: tokens show at
 * most a 4-character prefix, passwords, codes, captcha answers, client secrets and cookies show nothing;
 * {@code VkToken.toString()} is masked. VK's own {@code request_params} echo never contains the token.
 *
 * <h2>Testing</h2>
 * {@code FakeVk} in the test sources is a real HTTP server speaking both protocols with the recorded PyVK fixtures'
 * shapes; it is scriptable ({@code failNext}, {@code requireCaptcha}, {@code expireTokensAfter}, {@code answerNext})
 * and records requests. Other packages' tests reuse it.
 */
package org.tonearm.vk;
