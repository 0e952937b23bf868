package dev.perch.store.memory;

import dev.perch.model.Message;
import dev.perch.model.UserId;
import java.time.Clock;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;

/**
 * Remembers which message each {@code (sender, clientMsgId)} produced, for a fixed window. Keys
 * expire in the order they were claimed, so each claim also drops the expired ones at the front.
 */
final class IdempotencyKeys {

  private record Key(UserId sender, String clientMsgId) {}

  private record Claim(Key key, Message message, long expiresAtMillis) {}

  private final Duration window;
  private final Clock clock;
  private final ConcurrentMap<Key, Claim> claims = new ConcurrentHashMap<>();
  private final Queue<Claim> byExpiry = new ConcurrentLinkedQueue<>();

  IdempotencyKeys(Duration window, Clock clock) {
    this.window = window;
    this.clock = clock;
  }

  /**
   * Claims the message's key. Returns null when this call claimed it, else the message of the
   * live earlier claim. Atomic: of concurrent claims of one key exactly one returns null.
   */
  Message claim(Message message) {
    long now = clock.millis();
    expire(now);
    Key key = new Key(message.from(), message.clientMsgId());
    Claim mine = new Claim(key, message, now + window.toMillis());
    Claim winner = claims.compute(key, (k, existing) ->
        existing == null || existing.expiresAtMillis() <= now ? mine : existing);
    if (winner == mine) {
      byExpiry.add(mine);
      return null;
    }
    return winner.message();
  }

  private void expire(long now) {
    for (Claim head = byExpiry.peek(); head != null && head.expiresAtMillis() <= now; head = byExpiry.peek()) {
      if (byExpiry.remove(head)) {
        claims.remove(head.key(), head);
      }
    }
  }
}
