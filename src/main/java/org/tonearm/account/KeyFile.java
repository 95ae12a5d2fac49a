package org.tonearm.account;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A random secret key kept in a file in the data folder: created (owner-only) on first start, read afterwards. */
final class KeyFile {
    private static final Logger log = LoggerFactory.getLogger(KeyFile.class);

    private KeyFile() {
    }

    static byte[] loadOrCreate(Path file, int bytes) {
        try {
            if (Files.exists(file)) {
                return read(file, bytes);
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] key = new byte[bytes];
            new SecureRandom().nextBytes(key);
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".key", ".tmp");
            try {
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system: the data folder's own permissions protect the key
                }
                Files.writeString(tmp, Base64.getEncoder().encodeToString(key) + "\n");
                try {
                    // a second process starting at the same moment must not overwrite a key already handed out
                    Files.createLink(file, tmp);
                } catch (FileAlreadyExistsException e) {
                    return read(file, bytes);
                } catch (UnsupportedOperationException | IOException e) {
                    try {
                        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
                    } catch (AtomicMoveNotSupportedException a) {
                        Files.move(tmp, file);
                    }
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            log.info("created key file {}", file);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create key file " + file, e);
        }
    }

    private static byte[] read(Path file, int bytes) throws IOException {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(Files.readString(file).trim());
        } catch (IllegalArgumentException e) {
            throw new IOException("key file " + file + " is not base64", e);
        }
        if (key.length != bytes) {
            throw new IOException("key file " + file + " holds " + key.length + " bytes, expected " + bytes);
        }
        return key;
    }
}
