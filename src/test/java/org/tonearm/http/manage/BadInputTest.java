package org.tonearm.http.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every write route of the route table, as admin, fed broken bodies: always a 400 in the face's format, never a 500. */
class BadInputTest {
    private static final String PW = "bad-input-password";

    @Test
    void malformedWrongTypedHugeAndUnknownBodiesAreAll400() {
        try (ManageApp app = ManageApp.start(Map.of())) {
            app.post("/api/auth/register", null, "{\"username\":\"admin\",\"password\":\"" + PW + "\"}");
            List<String> failures = new ArrayList<>();
            int checked = 0;
            for (Route route : app.face.routeTable()) {
                if (route.body() == null) {
                    continue;
                }
                checked++;
                Map<String, String> bodies = new LinkedHashMap<>();
                bodies.put("malformed", "{\"username\": ");
                bodies.put("not json", "hello");
                bodies.put("array", "[1,2]");
                bodies.put("null", "null");
                bodies.put("string", "\"text\"");
                bodies.put("empty", "");
                bodies.put("unknown field", "{\"definitely_unknown\": 1}");
                bodies.put("duplicate key", "{\"a\":1,\"a\":2}");
                bodies.put("trailing garbage", "{} {}");
                bodies.put("huge", "{\"x\":\"" + "a".repeat(200_000) + "\"}");
                bodies.put("over the server limit", "{\"x\":\"" + "a".repeat(1_500_000) + "\"}");
                bodies.put("deep", "[".repeat(5000) + "]".repeat(5000));
                for (RecordComponent c : route.body().getRecordComponents()) {
                    bodies.put("wrong type " + c.getName(), "{\"" + c.getName() + "\": " + wrongValue(c.getType()) + "}");
                    bodies.put("object for " + c.getName(), "{\"" + c.getName() + "\": {\"x\":1}}");
                }
                for (var b : bodies.entrySet()) {
                    String token = app.login("admin", PW);
                    var reply = app.send(route.method().name(), AuthorizationMatrixTest.concrete(route.path()), token, b.getValue());
                    boolean ok = reply.status() == 400 && reply.json().hasNonNull("error");
                    if (!ok) {
                        failures.add(route.method() + " " + route.path() + " [" + b.getKey() + "]: " + reply.status() + " "
                            + reply.body().substring(0, Math.min(200, reply.body().length())));
                    }
                }
            }
            assertTrue(checked >= 14, "write routes checked: " + checked);
            assertEquals(List.of(), failures);
        }
    }

    @Test
    void unknownFieldsAreNamedInTheError() {
        try (ManageApp app = ManageApp.start(Map.of())) {
            app.post("/api/auth/register", null, "{\"username\":\"admin\",\"password\":\"" + PW + "\"}");
            String token = app.login("admin", PW);
            var r = app.post("/api/config/", token, "{\"maxConcurrentDownloads\":2,\"colour\":\"blue\"}");
            assertEquals(400, r.status());
            assertTrue(r.json().get("error").asText().contains("'colour'"), r.body());
            var w = app.put("/api/config/watch", token, "{\"interval\":5}");
            assertTrue(w.json().get("error").asText().contains("'interval'"), w.body());
        }
    }

    private static String wrongValue(Class<?> type) {
        if (type == String.class) {
            return "12345";
        }
        if (type == Integer.class || type == int.class) {
            return "\"7\"";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "\"yes\"";
        }
        return "[]";
    }
}
