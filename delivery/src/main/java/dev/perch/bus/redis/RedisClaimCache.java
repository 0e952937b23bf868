package dev.perch.bus.redis;

import dev.perch.model.Message;
import dev.perch.store.ClaimCache;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Idempotency keys claimed in Redis: {@code <prefix>claim:{<sender>}:<clientMsgId>} holds the
 * holder's message id for the idempotency window ({@code SET NX PX}), so of concurrent claims one
 * wins, in one round trip and without the store's lightweight transaction.
 *
 * <p>The epoch. {@code <prefix>claims-epoch} holds the time (epoch millis) from which the keys may
 * be trusted alone, and is read by the same script as each claim. When it is missing, Redis lost its
 * data, or was never used: the store tells the two apart (a claim in the store that applies once
 * ever, {@code firstUse}), and the first node to notice sets it, to 0 for a first use, else to now
 * plus the idempotency window, during which every claim is checked against the store's record.
 * A node that had to claim in the store alone while Redis was unreachable ({@link #bypassed})
 * raises the epoch the same way with its next claim, so no node trusts a Redis that lacks those
 * keys. Claim keys are hash-tagged by sender; the epoch key is one per deployment (a script that
 * reads both needs them on one Redis, not a Cluster).
 *
 * <p>Redis must not evict these keys ({@code maxmemory-policy noeviction}): an evicted key looks
 * free, with an epoch that says it can be trusted. Thread-safe; lazy.
 */
public final class RedisClaimCache implements ClaimCache {

  private static final Logger log = LoggerFactory.getLogger(RedisClaimCache.class);

  /**
   * KEYS: the claim, the epoch. ARGV: the message id, the key's lifetime in ms, an epoch to raise
   * to ('' for none). Answers nothing when the epoch is missing, else {holder id, epoch}.
   */
  private static final String CLAIM = String.join("\n",
      "if ARGV[3] ~= '' and tonumber(ARGV[3]) > tonumber(redis.call('GET', KEYS[2]) or '0') then",
      "  redis.call('SET', KEYS[2], ARGV[3])",
      "end",
      "local epoch = redis.call('GET', KEYS[2])",
      "if not epoch then return {} end",
      "if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return {ARGV[1], epoch} end",
      "return {redis.call('GET', KEYS[1]), epoch}");

  private final StatefulRedisConnection<String, String> connection;
  private final LuaScript<List<Object>> claim;
  private final String claimPrefix;
  private final String epochKey;
  private final Duration window;
  private final InstantSource clock;
  private final Supplier<Mono<Boolean>> firstUse;
  private final AtomicBoolean raisePending = new AtomicBoolean();

  /**
   * @param connection the connection to claim on; stays the caller's (it may be shared)
   * @param window the idempotency window: each key's lifetime, and how long a lost epoch is distrusted
   * @param firstUse true exactly once per deployment, from the store: Redis had never held an epoch
   */
  public RedisClaimCache(StatefulRedisConnection<String, String> connection, String prefix, Duration window, InstantSource clock,
      Supplier<Mono<Boolean>> firstUse) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.claim = new LuaScript<>(connection, CLAIM, ScriptOutputType.MULTI);
    this.claimPrefix = Objects.requireNonNull(prefix, "prefix") + "claim:{";
    this.epochKey = prefix + "claims-epoch";
    this.window = window;
    this.clock = clock;
    this.firstUse = firstUse;
  }

  @Override
  public Mono<Claim> claim(Message message) {
    return Mono.defer(() -> attempt(message).switchIfEmpty(Mono.defer(() -> restoreEpoch().then(attempt(message))))
        .switchIfEmpty(Mono.error(() -> new IllegalStateException("the claims epoch vanished again while it was restored"))));
  }

  @Override
  public void bypassed() {
    raisePending.set(true);
  }

  private Mono<Claim> attempt(Message message) {
    boolean raise = raisePending.getAndSet(false);
    String raiseTo = raise ? Long.toString(distrustedUntil()) : "";
    String[] keys = {claimPrefix + message.from().value() + "}:" + message.clientMsgId(), epochKey};
    return claim.run(keys, Long.toString(message.id()), Long.toString(window.toMillis()), raiseTo)
        .filter(answer -> !answer.isEmpty())
        .map(answer -> new Claim(Long.parseLong((String) answer.get(0)), clock.millis() >= Long.parseLong((String) answer.get(1))))
        .doOnError(e -> raisePending.compareAndSet(false, raise));
  }

  /** Sets the missing epoch, unless another node did first: 0 for a first use, else a window from now. */
  private Mono<Void> restoreEpoch() {
    return firstUse.get().flatMap(first -> {
      long trustFrom = first ? 0 : distrustedUntil();
      if (!first) {
        log.warn("Redis lost the claims epoch (restart without persistence, flush or failover): idempotency keys are "
            + "checked against the store for {}", window);
      }
      return connection.reactive().set(epochKey, Long.toString(trustFrom), SetArgs.Builder.nx()).then();
    });
  }

  private long distrustedUntil() {
    return clock.millis() + window.toMillis();
  }
}
