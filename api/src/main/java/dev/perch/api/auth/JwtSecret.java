package dev.perch.api.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HS256 key tokens are signed and verified with. A configured secret wins; otherwise the
 * server and {@code perch token} share a random secret kept in a file readable only by its owner,
 * created on first use. Read once at start-up, never on a request path.
 */
public final class JwtSecret {

  static final int MIN_BYTES = 32;

  private JwtSecret() {}

  /** The key from {@code configured} when not blank, else from (a new) {@code file}. */
  public static SecretKey resolve(String configured, Path file) {
    byte[] bytes = configured == null || configured.isBlank() ? fromFile(file) : configured.getBytes(StandardCharsets.UTF_8);
    if (bytes.length < MIN_BYTES) {
      throw new IllegalStateException("perch.auth.secret must be at least " + MIN_BYTES + " bytes for HS256");
    }
    return new SecretKeySpec(bytes, "HmacSHA256");
  }

  /** {@code ~/.perch/jwt-secret}, the default secret file. */
  public static Path defaultFile() {
    return Path.of(System.getProperty("user.home"), ".perch", "jwt-secret");
  }

  private static byte[] fromFile(Path file) {
    Path path = file == null ? defaultFile() : file;
    try {
      if (Files.notExists(path)) {
        create(path);
      }
      return Base64.getDecoder().decode(Files.readString(path).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the JWT secret file " + path, e);
    }
  }

  private static void create(Path path) throws IOException {
    byte[] random = new byte[MIN_BYTES];
    new SecureRandom().nextBytes(random);
    if (path.getParent() != null) {
      Files.createDirectories(path.getParent());
    }
    try {
      Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(path, Base64.getEncoder().encodeToString(random) + "\n");
    } catch (FileAlreadyExistsException raced) {
      // Another process created it first; its secret is the one to share.
    }
  }
}
