package org.tonearm.vk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VK API: {@code call("users.get", params)} or {@code method("users.get").param(...).get()}, with VK errors as
 * {@link VkException.Api} and PyVK's automatic recoveries (backoff, captcha, re-auth, validation) as configured.
 */
public final class VkApi {
    private static final Logger log = LoggerFactory.getLogger(VkApi.class);
    /** VK adds fields to its objects over time, so mapping onto Java types ignores the unknown ones. */
    static final ObjectMapper JSON = new ObjectMapper()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    /** VK's limit of API calls inside one {@code execute}. */
    public static final int EXECUTE_LIMIT = 25;

    /** Gets a fresh token after error 5; auth helpers provide it when their credentials allow. */
    @FunctionalInterface
    interface Reauth {
        VkToken renew();
    }

    private final VkConfig config;
    private final VkHttp http;
    private final Input input;
    private final Sleeper sleeper;
    private final Reauth reauth;
    private volatile VkToken token;

    /** An API object for a token obtained earlier (or none, for VK's few public methods); questions are refused. */
    public VkApi(VkConfig config, VkToken token) {
        this(config, token, Input.none(), Sleeper.SYSTEM);
    }

    /** As above, asking {@code input} for captchas and validation and waiting with {@code sleeper}. */
    public VkApi(VkConfig config, VkToken token, Input input, Sleeper sleeper) {
        this(config, new VkHttp(config), token, input, sleeper, null);
    }

    VkApi(VkConfig config, VkHttp http, VkToken token, Input input, Sleeper sleeper, Reauth reauth) {
        this.config = Objects.requireNonNull(config);
        this.http = http;
        this.token = token;
        this.input = input == null ? Input.none() : input;
        this.sleeper = sleeper == null ? Sleeper.SYSTEM : sleeper;
        this.reauth = reauth;
    }

    /** Builds an API object from a session saved by an auth helper; empty when none was saved. */
    public static java.util.Optional<VkApi> fromStore(VkConfig config, TokenStore store, String account, Input input) {
        return store.load(account).map(s -> new VkApi(config, s.token(), input, Sleeper.SYSTEM));
    }

    public VkConfig config() {
        return config;
    }

    /** The token in use now (it changes after a re-auth). */
    public VkToken token() {
        return token;
    }

    /** The same API with other settings (PyVK's {@code auth.api(raw=True)}); shares the session. */
    public VkApi with(VkConfig other) {
        return new VkApi(other, http, token, input, sleeper, reauth);
    }

    /** Calls a method; the answer's {@code response}, or in raw mode the whole answer. */
    public JsonNode call(String method, Map<String, ?> params) {
        JsonNode answer = request(method, flatten(params));
        return config.raw() ? answer : answer.get("response");
    }

    public JsonNode call(String method) {
        return call(method, Map.of());
    }

    /** The fluent form: {@code api.method("users.get").param("user_ids", List.of(1)).get()}. */
    public Call method(String name) {
        return new Call(this, name, new LinkedHashMap<>());
    }

    /** Runs up to any number of calls through {@code execute}, {@value #EXECUTE_LIMIT} per request; answers in order. */
    public List<JsonNode> batch(List<Call> calls) {
        List<JsonNode> out = new ArrayList<>(calls.size());
        for (int from = 0; from < calls.size(); from += EXECUTE_LIMIT) {
            List<Call> chunk = calls.subList(from, Math.min(calls.size(), from + EXECUTE_LIMIT));
            StringJoiner code = new StringJoiner(",", "return [", "];");
            for (Call c : chunk) {
                code.add(c.vkScript());
            }
            JsonNode answer = request("execute", Map.of("code", code.toString()));
            JsonNode results = answer.get("response");
            if (results == null || !results.isArray() || results.size() != chunk.size()) {
                throw new VkException.Protocol("execute answered " + chunk.size() + " calls with " + Secrets.abbreviate(String.valueOf(results)));
            }
            Iterator<JsonNode> errors = answer.path("execute_errors").iterator();
            for (int i = 0; i < chunk.size(); i++) {
                JsonNode r = results.get(i);
                if (r.isBoolean() && !r.asBoolean()) {
                    JsonNode e = errors.hasNext() ? errors.next() : JSON.createObjectNode();
                    throw new VkException.Api(chunk.get(i).name(), e.path("error_code").asInt(0),
                            e.path("error_msg").asText("failed inside execute"), Map.of(), e, " (call " + (from + i + 1) + " of the batch)");
                }
                out.add(r);
            }
        }
        return out;
    }

    /** Uploads a file the way {@code target} says (get server, POST, save) and returns the saved object. */
    public Upload.Result upload(Upload target, Path file) {
        try {
            return upload(target, file.getFileName().toString(), Files.readAllBytes(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
    }

    public Upload.Result upload(Upload target, String filename, byte[] content) {
        return target.run(this, http, filename, content);
    }

    /** One method call with every recovery applied; returns the whole answer object (it has {@code response}). */
    JsonNode request(String method, Map<String, String> params) {
        Map<String, String> p = new LinkedHashMap<>(params);
        int delays = 0;
        int captchas = 0;
        boolean reauthed = false;
        boolean validated = false;
        while (true) {
            VkToken used = token;
            JsonNode answer = send(method, p, used);
            JsonNode error = answer.get("error");
            if (error == null) {
                if (!answer.has("response")) {
                    throw new VkException.Protocol("VK's answer to " + method + " has neither 'response' nor 'error': "
                            + Secrets.abbreviate(answer.toString()));
                }
                return answer;
            }
            if (config.raw()) {
                return answer;
            }
            VkException.Api e = parseError(method, error);
            if (e.isTooManyRequests() && config.autoDelay() && delays < config.maxAttempts() - 1) {
                Duration wait = config.backoff(delays++);
                log.info("VK: too many requests per second in {}. Wait {} sec and retry.", method, wait.toMillis() / 1000.0);
                sleep(wait);
            } else if (e instanceof VkException.Captcha c && config.autoCaptcha() && captchas < config.maxAttempts()) {
                captchas++;
                String key = input.ask(new Input.Prompt(Input.Kind.CAPTCHA, "VK wants a captcha for " + method,
                        Map.of("captcha_img", c.captchaImg(), "captcha_sid", c.captchaSid())));
                if (key == null || key.isBlank()) {
                    throw new VkException.Captcha(method, c.errorMsg(), c.requestParams(), c.error(), c.captchaSid(), c.captchaImg(),
                            " (the input gave no captcha answer)");
                }
                log.info("VK: retrying {} with the captcha answer", method);
                p.put("captcha_sid", c.captchaSid());
                p.put("captcha_key", key.trim());
            } else if (e.errorCode() == VkException.Api.AUTH_FAILED && config.autoReauth() && reauth != null && !reauthed) {
                reauthed = true;
                renewToken(used, method);
            } else if (e instanceof VkException.Validation v && config.validation() && !validated) {
                validated = true;
                String ok = input.ask(new Input.Prompt(Input.Kind.VALIDATION, "VK wants the account validated",
                        Map.of("redirect_uri", v.redirectUri())));
                if (ok == null) {
                    throw v;
                }
            } else {
                throw e;
            }
        }
    }

    /** Concurrent calls that all saw the same dead token log in once; the others reuse the new token. */
    private synchronized void renewToken(VkToken dead, String method) {
        if (token == dead) {
            log.info("VK: the token of {} stopped working; authorising again", method);
            token = reauth.renew();
        }
    }

    private JsonNode send(String method, Map<String, String> params, VkToken t) {
        Map<String, String> form = new LinkedHashMap<>(params);
        if (t != null) {
            form.put("access_token", t.accessToken());
        }
        form.put("v", config.version());
        if (config.lang() != null) {
            form.put("lang", config.lang());
        }
        VkHttp.Response r = http.postForm(java.net.URI.create(config.apiBase() + "/method/" + method), form);
        return parseObject(r, "VK's answer to " + method);
    }

    static JsonNode parseObject(VkHttp.Response r, String what) {
        return parseObject(r, what, false);
    }

    /** {@code errorStatusOk}: OAuth endpoints answer their JSON errors with HTTP 400/401. */
    static JsonNode parseObject(VkHttp.Response r, String what, boolean errorStatusOk) {
        boolean acceptable = r.status() == 200 || errorStatusOk && r.status() >= 400 && r.status() < 500;
        if (!acceptable) {
            throw new VkException.Protocol(what + " was HTTP " + r.status() + ": " + Secrets.abbreviate(r.text().strip()));
        }
        JsonNode j;
        try {
            j = JSON.readTree(r.body());
        } catch (JsonProcessingException e) {
            throw new VkException.Protocol(what + " is not JSON: " + Secrets.abbreviate(r.text().strip()), e);
        } catch (java.io.IOException e) {
            throw new VkException.Protocol(what + " cannot be read: " + e.getMessage(), e);
        }
        if (j == null || !j.isObject()) {
            throw new VkException.Protocol(what + " is not a JSON object: " + Secrets.abbreviate(r.text().strip()));
        }
        return j;
    }

    static VkException.Api parseError(String method, JsonNode error) {
        if (!error.isObject() || !error.path("error_code").canConvertToInt() || !error.path("error_code").isNumber()) {
            throw new VkException.Protocol("VK's error answer to " + method + " has no numeric error_code: " + Secrets.abbreviate(error.toString()));
        }
        int code = error.get("error_code").asInt();
        String msg = error.path("error_msg").asText("");
        Map<String, String> params = new LinkedHashMap<>();
        for (JsonNode kv : error.path("request_params")) {
            if (kv.hasNonNull("key")) {
                params.put(kv.get("key").asText(), kv.path("value").asText(""));
            }
        }
        if (code == VkException.Api.CAPTCHA_NEEDED) {
            if (!error.hasNonNull("captcha_sid")) {
                throw new VkException.Protocol("VK asked for a captcha in " + method + " without a captcha_sid");
            }
            return new VkException.Captcha(method, msg, params, error, error.get("captcha_sid").asText(),
                    error.path("captcha_img").asText(""), "");
        }
        if (code == VkException.Api.VALIDATION_REQUIRED) {
            return new VkException.Validation(method, msg, params, error, error.path("redirect_uri").asText(""));
        }
        return new VkException.Api(method, code, msg, params, error);
    }

    private void sleep(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VkException.Transport("interrupted while waiting to retry VK", e);
        }
    }

    /** VK wants comma lists, integers and 0/1 where Java has lists, numbers and booleans. */
    static Map<String, String> flatten(Map<String, ?> params) {
        Map<String, String> out = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (v != null) {
                out.put(k, value(v));
            }
        });
        return out;
    }

    static String value(Object v) {
        if (v instanceof Iterable<?> it) {
            StringJoiner j = new StringJoiner(",");
            it.forEach(x -> j.add(value(x)));
            return j.toString();
        }
        if (v.getClass().isArray()) {
            StringJoiner j = new StringJoiner(",");
            for (int i = 0; i < Array.getLength(v); i++) {
                j.add(value(Array.get(v, i)));
            }
            return j.toString();
        }
        if (v instanceof Boolean b) {
            return b ? "1" : "0";
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString((long) d) : Double.toString(d);
        }
        if (v instanceof Rights r) {
            return Long.toString(r.mask());
        }
        return v.toString();
    }
}
