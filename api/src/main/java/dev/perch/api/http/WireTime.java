package dev.perch.api.http;

import java.time.Instant;

/**
 * Instants as the API writes them: ISO-8601 in UTC, exactly as {@link Instant#toString} (and
 * Jackson) would, for instance {@code 2026-12-02T03:41:38.123Z}, but with the date and time of
 * day formatted once per second per thread rather than once per message.
 */
public final class WireTime {

  private record Second(long epochSecond, String prefix) {}

  private static final ThreadLocal<Second> LAST = ThreadLocal.withInitial(() -> new Second(Long.MIN_VALUE, ""));

  private WireTime() {}

  public static String format(Instant instant) {
    int nanos = instant.getNano();
    if (nanos % 1_000_000 != 0) {
      return instant.toString();
    }
    Second second = LAST.get();
    if (second.epochSecond() != instant.getEpochSecond()) {
      String whole = Instant.ofEpochSecond(instant.getEpochSecond()).toString();
      second = new Second(instant.getEpochSecond(), whole.substring(0, whole.length() - 1));
      LAST.set(second);
    }
    int millis = nanos / 1_000_000;
    if (millis == 0) {
      return second.prefix() + 'Z';
    }
    return second.prefix() + '.' + digit(millis / 100) + digit(millis / 10 % 10) + digit(millis % 10) + 'Z';
  }

  private static char digit(int value) {
    return (char) ('0' + value);
  }
}
