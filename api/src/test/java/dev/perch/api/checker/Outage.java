package dev.perch.api.checker;

import dev.perch.api.checker.PerchHttp.Reply;
import java.time.Duration;

/**
 * The window in which the checker holds one service down: opened once the service's port refuses
 * connections, closed before the service is started again. A send that both starts and ends inside
 * it must answer as the guarantees say: 2xx while only Redis is down ("sends still succeed"), 503
 * with Retry-After within {@link #STORE_DOWN_ANSWER} while Cassandra is down. Thread-safe.
 */
final class Outage {

  static final Duration STORE_DOWN_ANSWER = Duration.ofSeconds(2);

  /** One opened window; compared by identity, so a send can tell it ended in the window it started in. */
  record Window(String service) {}

  private final Tally tally;
  private volatile Window current;

  Outage(Tally tally) {
    this.tally = tally;
  }

  void begin(String service) {
    current = new Window(service);
  }

  void end() {
    current = null;
  }

  /** The window open now, or null. */
  Window now() {
    return current;
  }

  /** Judges a send that started in {@code window}, if it also ended in it. */
  void judgeSend(Window window, Reply reply, Duration took) {
    if (window == null || window != current || reply.status() == Reply.CANCELLED) {
      return;
    }
    String prefix = "send.during_" + window.service() + "_outage.";
    tally.count(prefix + (reply.ok() ? "acknowledged" : reply.status() == 503 ? "503" : "other"));
    if (window.service().equals("redis") && !reply.ok()) {
      tally.violation("send answered " + reply.describe() + " while only Redis was down");
    }
    if (window.service().equals("cassandra") && reply.status() != 503) {
      tally.violation("send answered " + reply.describe() + " while Cassandra was down, not 503");
    }
    if (window.service().equals("cassandra") && took.compareTo(STORE_DOWN_ANSWER) > 0) {
      tally.violation("send answered after " + took.toMillis() + " ms while Cassandra was down (at most "
          + STORE_DOWN_ANSWER.toMillis() + " ms)");
    }
  }
}
