package dev.perch.loadgen.target;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Finds the secret Perch signs tokens with, the way the server does: a configured secret is used
 * as its UTF-8 bytes; otherwise the secret file (default {@code ~/.perch/jwt-secret}) holds it in
 * base64.
 */
public final class Secrets {

  private Secrets() {}

  /** The key bytes from {@code configured} when not blank, else from {@code file}. */
  public static byte[] resolve(String configured, Path file) {
    if (configured != null && !configured.isBlank()) {
      return configured.getBytes(StandardCharsets.UTF_8);
    }
    Path path = file != null ? file : defaultFile();
    try {
      return Base64.getDecoder().decode(Files.readString(path).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("no --secret given and cannot read the secret file " + path, e);
    }
  }

  /** {@code ~/.perch/jwt-secret}. */
  public static Path defaultFile() {
    return Path.of(System.getProperty("user.home"), ".perch", "jwt-secret");
  }
}
