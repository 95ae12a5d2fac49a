package org.tonearm.account;

import java.time.Instant;
import java.util.Map;

/** A named credential set for an external service; {@code fields} holds the plaintext values (never sent out whole). */
public record Credential(String service, String name, Map<String, String> fields, Instant createdAt, Instant updatedAt) {
}
