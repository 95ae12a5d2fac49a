package org.tonearm.account;

import java.nio.file.Path;

/** The two secret keys kept in the data folder: the JWT signing key and the credential encryption key. */
public final class Keys {
    private Keys() {
    }

    /** 256-bit HMAC key for access tokens, created on first start. */
    public static byte[] jwtKey(Path file) {
        return KeyFile.loadOrCreate(file, 32);
    }

    /** 256-bit AES key for credentials at rest, created on first start. */
    public static byte[] secretKey(Path file) {
        return KeyFile.loadOrCreate(file, 32);
    }
}
