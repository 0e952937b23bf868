package dev.perch.bus.redis;

/**
 * A wake's pub/sub payload: the seq and the publisher's wall-clock milliseconds, in decimal,
 * separated by one space ({@code "42 1764706800123"}), so the receiving node can tell how long
 * the hop took. A payload of the seq alone (a node of an older build) is a wake without a time.
 */
record WakePayload(long seq, long publishedAtMillis) {

  static final long NO_TIME = -1;

  String encode() {
    return seq + " " + publishedAtMillis;
  }

  /** The payload's seq and time ({@link #NO_TIME} without one). */
  static WakePayload parse(String payload) {
    int space = payload.indexOf(' ');
    if (space < 0) {
      return new WakePayload(Long.parseLong(payload), NO_TIME);
    }
    return new WakePayload(Long.parseLong(payload, 0, space, 10),
        Long.parseLong(payload, space + 1, payload.length(), 10));
  }
}
