package dev.perch.client;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes idempotency keys: a random prefix of 96 bits drawn once (so no two clients share one), a
 * dash and a counter in base 36. Printable ASCII, at most 30 characters. Thread-safe; {@link #next}
 * never blocks (the random bits are read in the constructor).
 */
final class ClientMsgIds {

  private final String prefix;
  private final AtomicLong counter = new AtomicLong();

  ClientMsgIds() {
    byte[] random = new byte[12];
    new SecureRandom().nextBytes(random);
    prefix = Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "-";
  }

  String next() {
    return prefix + Long.toString(counter.incrementAndGet(), 36);
  }
}
