package org.tonearm.http.manage;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.tonearm.TonearmException;

/**
 * Strict JSON request bodies: a size cap, no unknown fields (named in the error), no type coercion ("3" is not a
 * number, 1 is not a string), no duplicate keys. Every failure is {@link TonearmException.InvalidInput}, so a 400.
 */
final class JsonBodies {
    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final long DRAIN_LIMIT = 4L * 1024 * 1024;

    static final ObjectMapper STRICT = strict();

    private JsonBodies() {
    }

    private static ObjectMapper strict() {
        ObjectMapper m = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
        m.coercionConfigFor(LogicalType.Textual)
            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Integer)
            .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Boolean)
            .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        return m;
    }

    static <T> T read(Context ctx, Class<T> type) {
        byte[] body = readCapped(ctx);
        if (body.length == 0) {
            throw new TonearmException.InvalidInput("A JSON object body is required");
        }
        try {
            T value = STRICT.readValue(body, type);
            if (value == null) {
                throw new TonearmException.InvalidInput("A JSON object body is required");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw new TonearmException.InvalidInput("Unknown field '" + e.getPropertyName() + "' (allowed: "
                + allowed(type) + ")");
        } catch (MismatchedInputException e) {
            String field = path(e);
            throw new TonearmException.InvalidInput(field.isEmpty()
                ? "The body must be a JSON object with the fields " + allowed(type)
                : "Field '" + field + "' has the wrong type");
        } catch (JsonParseException e) {
            throw new TonearmException.InvalidInput("Malformed JSON: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            String field = e instanceof JsonMappingException jm ? path(jm) : "";
            throw new TonearmException.InvalidInput(field.isEmpty() ? "Malformed JSON" : "Field '" + field + "' is invalid");
        } catch (IOException e) {
            throw new TonearmException.InvalidInput("Unreadable request body");
        }
    }

    private static byte[] readCapped(Context ctx) {
        long declared = -1;
        String length = ctx.header("Content-Length");
        if (length != null) {
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException ignored) {
                // reading below enforces the cap whatever the header says
            }
        }
        try (InputStream in = ctx.bodyInputStream()) {
            if (declared > DRAIN_LIMIT) {
                ctx.header("Connection", "close");
                throw tooLarge();
            }
            byte[] data = in.readNBytes(MAX_BODY_BYTES + 1);
            if (data.length > MAX_BODY_BYTES) {
                // read what a client has already sent (up to a limit) so it sees the 400 instead of a reset connection
                long drained = data.length;
                while (drained < DRAIN_LIMIT) {
                    long n = in.skip(DRAIN_LIMIT - drained);
                    if (n <= 0) {
                        break;
                    }
                    drained += n;
                }
                throw tooLarge();
            }
            return data;
        } catch (IOException e) {
            throw new TonearmException.InvalidInput("Unreadable request body");
        }
    }

    private static TonearmException.InvalidInput tooLarge() {
        return new TonearmException.InvalidInput("Request body larger than " + MAX_BODY_BYTES / 1024 + " KiB");
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
            .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining("."));
    }

    private static String allowed(Class<?> type) {
        if (!type.isRecord()) {
            return "(none)";
        }
        return Arrays.stream(type.getRecordComponents()).map(c -> c.getName()).collect(Collectors.joining(", "));
    }
}
