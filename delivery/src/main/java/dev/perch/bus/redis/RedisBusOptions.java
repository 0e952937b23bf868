package dev.perch.bus.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link RedisDeliveryBus}. Immutable; start from {@link #defaults()} and change what
 * differs with the {@code with…} methods.
 *
 * @param prefix prefixed to every channel ({@code <prefix>u:<userId>}); lets deployments and tests
 *     share one Redis without hearing each other. Default {@code perch:}
 * @param linger how long a channel stays subscribed after its last interest is released, so a
 *     client's re-poll finds it still subscribed instead of paying SUBSCRIBE/UNSUBSCRIBE on every
 *     poll. Zero unsubscribes at once. Default 10 s
 * @param commandTimeout bound on each SUBSCRIBE, UNSUBSCRIBE and PUBLISH, resends after a
 *     connection reset included; a subscribe that is not acknowledged in time fails the interests
 *     waiting for it. Default 5 s
 * @param retryDelay after a failed SUBSCRIBE or UNSUBSCRIBE, how long before the bus tries the
 *     channel again by itself (a new interest in the channel tries at once). Default 1 s
 * @param healthTimeout bound on {@link RedisDeliveryBus#ping()}, short enough for a health probe.
 *     Default 1 s
 */
public record RedisBusOptions(
    String prefix, Duration linger, Duration commandTimeout, Duration retryDelay, Duration healthTimeout) {

  public static final String DEFAULT_PREFIX = "perch:";

  public RedisBusOptions {
    Objects.requireNonNull(prefix, "prefix");
    if (prefix.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("prefix must not contain whitespace: '" + prefix + "'");
    }
    requireNonNegative(linger, "linger");
    requirePositive(commandTimeout, "commandTimeout");
    requirePositive(retryDelay, "retryDelay");
    requirePositive(healthTimeout, "healthTimeout");
  }

  public static RedisBusOptions defaults() {
    return new RedisBusOptions(
        DEFAULT_PREFIX, Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  public RedisBusOptions withPrefix(String prefix) {
    return new RedisBusOptions(prefix, linger, commandTimeout, retryDelay, healthTimeout);
  }

  public RedisBusOptions withLinger(Duration linger) {
    return new RedisBusOptions(prefix, linger, commandTimeout, retryDelay, healthTimeout);
  }

  public RedisBusOptions withCommandTimeout(Duration commandTimeout) {
    return new RedisBusOptions(prefix, linger, commandTimeout, retryDelay, healthTimeout);
  }

  public RedisBusOptions withRetryDelay(Duration retryDelay) {
    return new RedisBusOptions(prefix, linger, commandTimeout, retryDelay, healthTimeout);
  }

  public RedisBusOptions withHealthTimeout(Duration healthTimeout) {
    return new RedisBusOptions(prefix, linger, commandTimeout, retryDelay, healthTimeout);
  }

  private static void requireNonNegative(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + value);
    }
  }

  private static void requirePositive(Duration value, String name) {
    requireNonNegative(value, name);
    if (value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
