package dev.perch.send;

import dev.perch.error.TooManyRequestsException;
import dev.perch.model.UserId;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Each sender's send rate on this node, a token bucket per sender: {@code burst} sends at once,
 * refilled at {@code perSecond}; a sender over it gets 429 {@code rate_limited} with the time until
 * its next token as {@code Retry-After}. Named senders (server-to-server integrations) can have
 * their own rate, with a burst of the larger of {@code burst} and one second of their rate.
 *
 * <p>A bucket that has refilled is the same as no bucket, so when more than
 * {@link #MAX_TRACKED} senders are tracked the full ones are dropped: memory stays bounded by the
 * senders that sent within about {@code burst / perSecond} seconds. Thread-safe.
 */
public final class SendRate {

  static final int MAX_TRACKED = 100_000;

  private final double perSecond;
  private final double burst;
  private final Map<UserId, Double> overrides;
  private final LongSupplier nanoClock;
  private final ConcurrentMap<UserId, Bucket> buckets = new ConcurrentHashMap<>();

  public SendRate(double perSecond, int burst, Map<UserId, Double> overrides) {
    this(perSecond, burst, overrides, System::nanoTime);
  }

  SendRate(double perSecond, int burst, Map<UserId, Double> overrides, LongSupplier nanoClock) {
    if (perSecond <= 0 || burst < 1 || overrides.values().stream().anyMatch(rate -> rate <= 0)) {
      throw new IllegalArgumentException("send rates must be positive and the burst at least 1");
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.overrides = Map.copyOf(overrides);
    this.nanoClock = nanoClock;
  }

  /**
   * Takes one send from {@code sender}'s bucket.
   *
   * @throws TooManyRequestsException {@code rate_limited} when the bucket is empty
   */
  public void acquire(UserId sender) {
    Bucket bucket = buckets.get(sender);
    if (bucket == null) {
      if (buckets.size() >= MAX_TRACKED) {
        dropFull();
      }
      bucket = buckets.computeIfAbsent(sender, this::newBucket);
    }
    long waitNanos = bucket.take(nanoClock.getAsLong());
    if (waitNanos > 0) {
      throw new TooManyRequestsException("rate_limited",
          "This sender is over its send rate; retry after Retry-After seconds.",
          Duration.ofSeconds(Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L)));
    }
  }

  /** How many senders have a bucket now. */
  int tracked() {
    return buckets.size();
  }

  private Bucket newBucket(UserId sender) {
    Double own = overrides.get(sender);
    return own == null ? new Bucket(perSecond, burst, nanoClock.getAsLong())
        : new Bucket(own, Math.max(burst, own), nanoClock.getAsLong());
  }

  private void dropFull() {
    long now = nanoClock.getAsLong();
    buckets.values().removeIf(bucket -> bucket.isFull(now));
  }

  private static final class Bucket {

    private final double perNano;
    private final double capacity;
    private double tokens;
    private long refilledAt;

    Bucket(double perSecond, double capacity, long now) {
      this.perNano = perSecond / 1e9;
      this.capacity = capacity;
      this.tokens = capacity;
      this.refilledAt = now;
    }

    /** Takes a token and answers 0, or answers how many nanoseconds until one is there. */
    synchronized long take(long now) {
      refill(now);
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - tokens) / perNano);
    }

    synchronized boolean isFull(long now) {
      refill(now);
      return tokens >= capacity;
    }

    private void refill(long now) {
      tokens = Math.min(capacity, tokens + (now - refilledAt) * perNano);
      refilledAt = now;
    }
  }
}
