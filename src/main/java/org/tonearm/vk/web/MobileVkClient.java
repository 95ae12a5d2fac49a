package org.tonearm.vk.web;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tonearm.TonearmException;
import org.tonearm.vk.web.AccountStatus.State;

/**
 * The m.vk.com client: one web session per configured account, used in turn; an account VK rate limits or
 * asks a captcha of rests while the others carry on, and a session VK ended is logged in again.
 */
public final class MobileVkClient {
    private static final Logger log = LoggerFactory.getLogger(MobileVkClient.class);

    private final VkWebConfig config;
    private final List<MobileVkSession> sessions = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final Clock clock;

    public MobileVkClient(VkWebConfig config) {
        this(config, Clock.systemUTC());
    }

    public MobileVkClient(VkWebConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(config.timeout()).build();
        for (VkAccount a : config.accounts()) {
            sessions.add(new MobileVkSession(a, config, http, clock));
        }
    }

    public boolean configured() {
        return !sessions.isEmpty();
    }

    /** Whether at least one account has a session (it may be resting). */
    public boolean authorized() {
        return sessions.stream().anyMatch(s -> {
            State st = s.status().state();
            return st == State.READY || st == State.RESTING;
        });
    }

    public List<AccountStatus> accounts() {
        return sessions.stream().map(MobileVkSession::status).toList();
    }

    /** Starts (or restarts) authorisation of every account. */
    public List<AccountStatus> authorize() {
        return sessions.stream().map(MobileVkSession::authorize).toList();
    }

    /**
     * Completes a pending second factor.
     *
     * @param account the masked login of the account, or null for the first one waiting
     */
    public AccountStatus completeSecondFactor(String account, Map<String, String> fields) {
        for (MobileVkSession s : sessions) {
            AccountStatus st = s.status();
            if (st.state() == State.NEEDS_SECOND_FACTOR && (account == null || account.equals(st.account())
                || account.equals(s.account().login()))) {
                return s.completeSecondFactor(fields);
            }
        }
        throw new TonearmException.Conflict(account == null ? "no account is waiting for a second factor; open /_auth/ first"
            : "account " + account + " is not waiting for a second factor");
    }

    /** One page (0-based) of VK's audio search. */
    public AudioSearchPage search(String query, int page) {
        String path = "audio?act=search&q=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
            + "&offset=" + ((long) page * config.pageSize());
        return AudioSearchParser.parse(get(path));
    }

    /** Fetches a page with the next usable account, rotating past rate-limited ones and re-logging dead sessions. */
    String get(String path) {
        int n = sessions.size();
        if (n == 0) {
            throw new TonearmException.Unauthorized("no VK account is configured (set vk.accounts)");
        }
        int start = Math.floorMod(next.getAndIncrement(), n);
        String lastProblem = null;
        for (int k = 0; k < n; k++) {
            MobileVkSession s = sessions.get((start + k) % n);
            if (!s.usable()) {
                continue;
            }
            for (int attempt = 0; attempt < 2; attempt++) {
                try {
                    MobileVkSession.Page page = s.get(path);
                    if (page.captcha()) {
                        s.rest(page.status() == 429 ? "VK rate limited the account" : "VK asks for a captcha");
                        lastProblem = "rate limited";
                        break;
                    }
                    if (page.status() >= 500) {
                        throw new TonearmException.UpstreamFailed("VK answered HTTP " + page.status() + " for the search page");
                    }
                    return page.body();
                } catch (MobileVkSession.SessionDead dead) {
                    log.info("VK account {}: session ended, logging in again", s.account().maskedLogin());
                    AccountStatus st = s.authorize();
                    if (st.state() != State.READY) {
                        lastProblem = st.message();
                        break;
                    }
                } catch (IOException e) {
                    throw new TonearmException.UpstreamFailed("cannot reach VK: " + e.getMessage(), e);
                }
            }
        }
        Instant soonest = sessions.stream().filter(s -> s.status().state() == State.RESTING)
            .map(MobileVkSession::restingUntil).min(Instant::compareTo).orElse(null);
        if (soonest != null) {
            long wait = Math.max(1, Duration.between(clock.instant(), soonest).toSeconds());
            throw new TonearmException.RateLimited("every VK account is rate limited or asked for a captcha", wait);
        }
        throw new TonearmException.Unauthorized("no VK account is logged in"
            + (lastProblem == null ? "" : " (" + lastProblem + ")"));
    }
}
