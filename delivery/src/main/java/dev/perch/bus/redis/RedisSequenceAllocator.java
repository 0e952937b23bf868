package dev.perch.bus.redis;

import dev.perch.model.UserId;
import dev.perch.store.SequenceAllocator;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Allocates each user's seqs from a Redis counter, {@code <prefix>seq:<userId>}, shared by every
 * node: one round trip per allocation, strictly increasing per user, never repeated.
 *
 * <p>"Never repeated" has to survive Redis losing the counter (a restart without persistence, a
 * failover to a replica that lagged, a flush). A plain INCR would then start again at 1 and hand
 * out seqs that are already stored. So allocation takes two atomic Lua scripts:
 * <ol>
 *   <li>INCR the counter only if it exists, else answer nil, so no INCR ever creates it at 1;
 *   <li>on nil, read the user's durable head from the store, then SET the counter to
 *       {@code head + jump} only if it is still missing (NX), and INCR it.
 * </ol>
 * The jump is there because seqs above the durable head may belong to writes still in flight when
 * the counter was lost (allocated, not yet durable); it must exceed the number of allocations one
 * user can have outstanding at once. NX is there because several nodes can find the counter
 * missing together: the first seed stands and the others INCR past it. Any seed is safe, even one
 * from an older head read, since every write that lands after the loss was allocated before it,
 * below {@code head + jump}.
 *
 * <p>A missing counter cannot be told from a lost one, so a user's first seq is {@code jump + 1},
 * not 1; readers see the numbers below it as never used. A counter restored from an older snapshot
 * looks present and is not detected: keep the counters in a Redis that restarts empty, or delete
 * them when restoring one.
 *
 * <p>Scripts run by EVALSHA and fall back to EVAL (which caches them again) when Redis answers
 * NOSCRIPT. Thread-safe; {@link #next} is lazy, and each subscription allocates a new number. Its
 * timeout is the connection's command timeout; a timed-out allocation may have used a number, which
 * is then skipped, never reused.
 */
public final class RedisSequenceAllocator implements SequenceAllocator {

  /** The default safety jump on re-seeding: far more than one user's allocations in flight. */
  public static final long DEFAULT_JUMP = 1_000;

  private static final Logger log = LoggerFactory.getLogger(RedisSequenceAllocator.class);

  private static final String INCREMENT_IF_PRESENT =
      "if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('INCR', KEYS[1]) else return false end";
  private static final String SEED_AND_INCREMENT =
      "redis.call('SET', KEYS[1], ARGV[1], 'NX') return redis.call('INCR', KEYS[1])";

  private final StatefulRedisConnection<String, String> connection;
  private final String keyPrefix;
  private final long jump;
  private final Function<UserId, Mono<Long>> durableHead;
  private final String incrementIfPresentSha;
  private final String seedAndIncrementSha;

  /**
   * @param connection the connection to allocate on; stays the caller's (it may be shared)
   * @param prefix key prefix, {@link RedisBusOptions#DEFAULT_PREFIX} by default
   * @param jump how far above the durable head a lost counter restarts; positive
   * @param durableHead the highest seq durably stored for a user (0 or empty when none)
   */
  public RedisSequenceAllocator(
      StatefulRedisConnection<String, String> connection, String prefix, long jump,
      Function<UserId, Mono<Long>> durableHead) {
    if (jump <= 0) {
      throw new IllegalArgumentException("jump must be positive: " + jump);
    }
    this.connection = Objects.requireNonNull(connection, "connection");
    this.keyPrefix = Objects.requireNonNull(prefix, "prefix") + "seq:";
    this.jump = jump;
    this.durableHead = Objects.requireNonNull(durableHead, "durableHead");
    this.incrementIfPresentSha = connection.reactive().digest(INCREMENT_IF_PRESENT);
    this.seedAndIncrementSha = connection.reactive().digest(SEED_AND_INCREMENT);
  }

  @Override
  public Mono<Long> next(UserId user) {
    return Mono.defer(() -> {
      String key = key(user);
      return run(INCREMENT_IF_PRESENT, incrementIfPresentSha, key)
          .switchIfEmpty(Mono.defer(() -> reseed(user, key)));
    });
  }

  String key(UserId user) {
    return keyPrefix + user.value();
  }

  private Mono<Long> reseed(UserId user, String key) {
    return durableHead.apply(user).defaultIfEmpty(0L).flatMap(head -> {
      long seed = Math.addExact(head, jump);
      log.info("seq counter {} is missing; seeding it at durable head {} + {} unless another node did",
          key, head, jump);
      return run(SEED_AND_INCREMENT, seedAndIncrementSha, key, Long.toString(seed));
    });
  }

  private Mono<Long> run(String script, String sha, String key, String... args) {
    RedisReactiveCommands<String, String> redis = connection.reactive();
    String[] keys = {key};
    return redis.<Long>evalsha(sha, ScriptOutputType.INTEGER, keys, args)
        .singleOrEmpty()
        .onErrorResume(RedisNoScriptException.class,
            noScript -> redis.<Long>eval(script, ScriptOutputType.INTEGER, keys, args).singleOrEmpty());
  }
}
