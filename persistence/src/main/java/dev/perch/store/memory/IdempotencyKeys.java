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
 * The expiry queue holds only keys, so a message the memory budget dropped ({@link #forget}) is
 * not kept alive by it.
 */
final class IdempotencyKeys {

  /** A claimed key; equals and hashCode by hand, as {@link UserId}'s, for the map lookup of every send. */
  private record Key(UserId sender, String clientMsgId) {

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && sender.equals(key.sender) && clientMsgId.equals(key.clientMsgId);
    }

    @Override
    public int hashCode() {
      return 31 * sender.hashCode() + clientMsgId.hashCode();
    }
  }

  private record Claim(Key key, Message message, long expiresAtMillis) {}

  private record Expiry(Key key, long expiresAtMillis) {}

  private final Duration window;
  private final Clock clock;
  private final ConcurrentMap<Key, Claim> claims = new ConcurrentHashMap<>();
  private final Queue<Expiry> byExpiry = new ConcurrentLinkedQueue<>();

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
      byExpiry.add(new Expiry(key, mine.expiresAtMillis()));
      return null;
    }
    return winner.message();
  }

  /** Forgets {@code message}'s key before its window ends: the memory budget dropped the message. */
  void forget(Message message) {
    if (message.clientMsgId() != null) {
      claims.computeIfPresent(new Key(message.from(), message.clientMsgId()),
          (key, claim) -> claim.message() == message ? null : claim);
    }
  }

  private void expire(long now) {
    for (Expiry head = byExpiry.peek(); head != null && head.expiresAtMillis() <= now; head = byExpiry.peek()) {
      if (byExpiry.remove(head)) {
        long expiresAt = head.expiresAtMillis();
        claims.computeIfPresent(head.key(), (key, claim) -> claim.expiresAtMillis() == expiresAt ? null : claim);
      }
    }
  }
}
