package org.tonearm.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/** Argon2id password hashing (BouncyCastle) in the standard PHC string form {@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}. */
public final class PasswordHasher {
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    private static final int HASH_BYTES = 32;

    private final SecureRandom random = new SecureRandom();
    // Each hash holds memoryKib of RAM: a burst of logins must queue here rather than exhaust the heap.
    private final Semaphore concurrent = new Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors() * 2), true);
    private final int memoryKib;
    private final int iterations;
    private final int parallelism;

    /** @param memoryKib memory cost in KiB (OWASP's minimum for Argon2id is 19456 with 2 iterations) */
    public PasswordHasher(int memoryKib, int iterations, int parallelism) {
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parallelism = parallelism;
    }

    public static PasswordHasher standard() {
        return new PasswordHasher(19_456, 2, 1);
    }

    public String hash(String password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        byte[] out = derive(password, salt, memoryKib, iterations, parallelism);
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$" + B64.encodeToString(salt)
            + "$" + B64.encodeToString(out);
    }

    /** Whether {@code password} matches {@code encoded}; false (never an exception) for anything malformed. */
    public boolean verify(String password, String encoded) {
        if (password == null || encoded == null) {
            return false;
        }
        String[] parts = encoded.split("\\$");
        if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
            return false;
        }
        try {
            int m = 0;
            int t = 0;
            int p = 0;
            for (String kv : parts[3].split(",")) {
                String[] pair = kv.split("=", 2);
                int v = Integer.parseInt(pair[1]);
                switch (pair[0]) {
                    case "m" -> m = v;
                    case "t" -> t = v;
                    case "p" -> p = v;
                    default -> {
                        return false;
                    }
                }
            }
            if (m < 8 || m > 4_194_304 || t < 1 || t > 64 || p < 1 || p > 64) {
                return false;
            }
            byte[] salt = B64D.decode(parts[4]);
            byte[] expected = B64D.decode(parts[5]);
            byte[] actual = derive(password, salt, m, t, p, expected.length);
            return MessageDigest.isEqual(expected, actual);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return false;
        }
    }

    private byte[] derive(String password, byte[] salt, int m, int t, int p) {
        return derive(password, salt, m, t, p, HASH_BYTES);
    }

    private byte[] derive(String password, byte[] salt, int m, int t, int p, int length) {
        concurrent.acquireUninterruptibly();
        try {
            return argon2(password, salt, m, t, p, length);
        } finally {
            concurrent.release();
        }
    }

    private static byte[] argon2(String password, byte[] salt, int m, int t, int p, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(m)
            .withIterations(t)
            .withParallelism(p)
            .withSalt(salt)
            .build();
        Argon2BytesGenerator gen = new Argon2BytesGenerator();
        gen.init(params);
        byte[] out = new byte[length];
        gen.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
