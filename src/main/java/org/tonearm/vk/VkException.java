package org.tonearm.vk;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tonearm.TonearmException;

/** Everything the VK client throws: API errors with VK's code, auth failures, nonsense answers, network failures. */
public abstract sealed class VkException extends RuntimeException
        permits VkException.Api, VkException.Auth, VkException.Protocol, VkException.Transport {

    protected VkException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The same failure as one of Tonearm's domain errors, for services built on this client. */
    public abstract TonearmException toDomain();

    /** VK answered {@code {"error": {...}}}: carries {@code error_code}, {@code error_msg} and {@code request_params}. */
    public static sealed class Api extends VkException permits Captcha, Validation {
        public static final int UNKNOWN_METHOD = 3;
        public static final int AUTH_FAILED = 5;
        public static final int TOO_MANY_REQUESTS = 6;
        public static final int FLOOD_CONTROL = 9;
        public static final int CAPTCHA_NEEDED = 14;
        public static final int VALIDATION_REQUIRED = 17;
        public static final int TOKEN_CONFIRMATION = 25;
        public static final int RATE_LIMIT = 29;
        public static final int NO_AUDIO_ACCESS = 201;

        private final String method;
        private final int errorCode;
        private final String errorMsg;
        private final Map<String, String> requestParams;
        private final JsonNode error;

        Api(String method, int errorCode, String errorMsg, Map<String, String> requestParams, JsonNode error) {
            this(method, errorCode, errorMsg, requestParams, error, "");
        }

        Api(String method, int errorCode, String errorMsg, Map<String, String> requestParams, JsonNode error, String extra) {
            super("VK error " + errorCode + " in " + method + ": " + (errorMsg.isEmpty() ? "(no message)" : errorMsg) + extra, null);
            this.method = method;
            this.errorCode = errorCode;
            this.errorMsg = errorMsg;
            this.requestParams = Collections.unmodifiableMap(new LinkedHashMap<>(requestParams));
            this.error = error;
        }

        public String method() {
            return method;
        }

        public int errorCode() {
            return errorCode;
        }

        public String errorMsg() {
            return errorMsg;
        }

        /** VK's echo of the request ({@code key -> value}); VK never echoes the access token. */
        public Map<String, String> requestParams() {
            return requestParams;
        }

        /** The whole {@code error} object, for fields this class does not name. */
        public JsonNode error() {
            return error;
        }

        public boolean isTooManyRequests() {
            return errorCode == TOO_MANY_REQUESTS || errorCode == FLOOD_CONTROL;
        }

        @Override
        public TonearmException toDomain() {
            return switch (errorCode) {
                case TOO_MANY_REQUESTS, FLOOD_CONTROL, RATE_LIMIT -> new TonearmException.RateLimited(getMessage(), 1);
                case AUTH_FAILED, TOKEN_CONFIRMATION -> new TonearmException.Unauthorized(getMessage());
                case NO_AUDIO_ACCESS -> new TonearmException.Forbidden(getMessage());
                default -> new TonearmException.UpstreamFailed(getMessage(), this);
            };
        }
    }

    /** Error 14: VK wants the text of the image at {@link #captchaImg()} sent back with {@link #captchaSid()}. */
    public static final class Captcha extends Api {
        private final String captchaSid;
        private final String captchaImg;

        Captcha(String method, String errorMsg, Map<String, String> params, JsonNode error, String captchaSid, String captchaImg, String why) {
            super(method, CAPTCHA_NEEDED, errorMsg, params, error, why);
            this.captchaSid = captchaSid;
            this.captchaImg = captchaImg;
        }

        public String captchaSid() {
            return captchaSid;
        }

        public String captchaImg() {
            return captchaImg;
        }
    }

    /** Error 17: the user must open {@link #redirectUri()} in a browser and confirm the account. */
    public static final class Validation extends Api {
        private final String redirectUri;

        Validation(String method, String errorMsg, Map<String, String> params, JsonNode error, String redirectUri) {
            super(method, VALIDATION_REQUIRED, errorMsg, params, error, " (open " + redirectUri + " to validate)");
            this.redirectUri = redirectUri;
        }

        public String redirectUri() {
            return redirectUri;
        }
    }

    /** Authorisation did not succeed: wrong password or code, refused input, an OAuth error such as {@code invalid_grant}. */
    public static final class Auth extends VkException {
        private final String error;
        private final String description;

        public Auth(String error, String description) {
            super(description == null || description.isBlank() ? error : error + ": " + description, null);
            this.error = error;
            this.description = description == null ? "" : description;
        }

        /** The OAuth {@code error} value ({@code invalid_grant}, {@code need_captcha}, ...) or a short name of ours. */
        public String error() {
            return error;
        }

        public String description() {
            return description;
        }

        @Override
        public TonearmException toDomain() {
            return new TonearmException.Unauthorized("VK authorisation failed: " + getMessage());
        }
    }

    /** VK (or something pretending to be VK) answered something this client cannot read: not JSON, or the wrong shape. */
    public static final class Protocol extends VkException {
        public Protocol(String message) {
            super(message, null);
        }

        public Protocol(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public TonearmException toDomain() {
            return new TonearmException.UpstreamFailed(getMessage(), this);
        }
    }

    /** VK could not be reached or the connection broke. */
    public static final class Transport extends VkException {
        public Transport(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public TonearmException toDomain() {
            return new TonearmException.UpstreamFailed(getMessage(), this);
        }
    }
}
