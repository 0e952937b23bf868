package dev.perch.bus.redis;

import dev.perch.model.UserId;
import dev.perch.store.SequenceAllocator;
import io.lettuce.core.ScriptOutputType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Allocates each user's seqs from a Redis counter, {@code <prefix>seq:{<userId>}}, shared by every
 * node: one round trip per allocation, strictly increasing per user, never repeated.
 *
 * <p>"Never repeated" has to survive Redis losing the counter (a restart without persistence, a
 * failover to a replica that lagged, a flush). A plain INCR would then start again at 1 and hand
 * out seqs that are already stored. So allocation takes two atomic Lua scripts:
 * <ol>
 *   <li>INCR the counter only if it exists, else answer nil, so no INCR ever creates it at 1;
 *   <li>on nil, ask the store for the seed (for a lost counter: the durable head plus a jump that
 *       exceeds the allocations one user can have in flight; for a counter that never existed: 0,
 *       see {@code CqlSequenceSeeds}), then SET the counter to it only if it is still missing (NX),
 *       and INCR it.
 * </ol>
 * NX is there because several nodes can find the counter missing together: the first seed stands
 * and the others INCR past it. Any seed is safe, even one from an older head read, since every
 * write that lands after the loss was allocated before it, below the seed.
 *
 * <p>A counter restored from an older snapshot looks present and is not detected: keep the
 * counters in a Redis that restarts empty, or delete them when restoring one.
 *
 * <p>On a Redis Cluster a failover is such a restore: replication is asynchronous, so the replica
 * promoted in place of a dead master may hold a counter a few increments behind the seqs already
 * handed out. So there the counter is fenced by the master that wrote it: beside it,
 * {@code <prefix>seq:{<userId>}:master} holds that master's node id ({@code CLUSTER MYID}), and the
 * first script counts the counter as present only on that master. On any other one (a promoted
 * replica, or the new owner of a migrated slot) the second script seeds it again from the store,
 * never lowering it, and fences it with its own id: one store read per user after each failover,
 * and the user's seqs jump.
 *
 * <p>Scripts run as {@link LuaScript}s. Thread-safe; {@link #next} is lazy, and each subscription
 * allocates a new number. Its timeout is the connection's command timeout; a timed-out allocation
 * may have used a number, which is then skipped, never reused.
 */
public final class RedisSequenceAllocator implements SequenceAllocator {

  private static final Logger log = LoggerFactory.getLogger(RedisSequenceAllocator.class);

  private static final String INCREMENT_IF_PRESENT =
      "if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('INCR', KEYS[1]) else return false end";
  private static final String SEED_AND_INCREMENT =
      "redis.call('SET', KEYS[1], ARGV[1], 'NX') return redis.call('INCR', KEYS[1])";

  /** KEYS: counter, its master. INCR only on the master that last seeded the counter. */
  private static final String INCREMENT_IF_FENCED = """
      if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('GET', KEYS[2]) ~= redis.call('CLUSTER', 'MYID') then
        return false
      end
      return redis.call('INCR', KEYS[1])
      """;

  /**
   * KEYS: counter, its master. ARGV: seed. Unless another node's allocation fenced the counter on
   * this master meanwhile, raises it to the seed (never lowers it) and fences it; then INCR.
   */
  private static final String SEED_FENCE_AND_INCREMENT = """
      local me = redis.call('CLUSTER', 'MYID')
      if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('GET', KEYS[2]) ~= me then
        if tonumber(redis.call('GET', KEYS[1]) or '0') < tonumber(ARGV[1]) then
          redis.call('SET', KEYS[1], ARGV[1])
        end
        redis.call('SET', KEYS[2], me)
      end
      return redis.call('INCR', KEYS[1])
      """;

  private final String keyPrefix;
  private final boolean fenced;
  private final Function<UserId, Mono<Long>> seed;
  private final LuaScript<Long> incrementIfPresent;
  private final LuaScript<Long> seedAndIncrement;
  private final Counter reseeds = Counter.builder("perch.sequence.reseeds")
      .description("Missing seq counters this node seeded from the store (after a Redis data loss)")
      .register(Metrics.globalRegistry);

  /**
   * @param connection the connection to allocate on; stays the caller's (it may be shared). On a
   *     cluster connection the counters are fenced by their master
   * @param prefix key prefix, {@link RedisBusOptions#DEFAULT_PREFIX} by default
   * @param seed the value a user's missing counter restarts from (its next seq is one more)
   */
  public RedisSequenceAllocator(
      RedisCommandConnection connection, String prefix, Function<UserId, Mono<Long>> seed) {
    this.keyPrefix = Objects.requireNonNull(prefix, "prefix") + "seq:{";
    this.fenced = connection.cluster();
    this.seed = Objects.requireNonNull(seed, "seed");
    this.incrementIfPresent = new LuaScript<>(
        connection, fenced ? INCREMENT_IF_FENCED : INCREMENT_IF_PRESENT, ScriptOutputType.INTEGER);
    this.seedAndIncrement = new LuaScript<>(
        connection, fenced ? SEED_FENCE_AND_INCREMENT : SEED_AND_INCREMENT, ScriptOutputType.INTEGER);
  }

  @Override
  public Mono<Long> next(UserId user) {
    return Mono.defer(() -> {
      String[] keys = keys(user);
      return incrementIfPresent.run(keys)
          .switchIfEmpty(Mono.defer(() -> reseed(user, keys)));
    });
  }

  String key(UserId user) {
    return keyPrefix + user.value() + "}";
  }

  private String[] keys(UserId user) {
    String counter = key(user);
    return fenced ? new String[] {counter, counter + ":master"} : new String[] {counter};
  }

  private Mono<Long> reseed(UserId user, String[] keys) {
    reseeds.increment();
    return seed.apply(user).flatMap(value -> {
      log.info("seq counter {} is missing{}; seeding it at {} unless another node did",
          keys[0], fenced ? " or was written on another master" : "", value);
      return seedAndIncrement.run(keys, Long.toString(value));
    });
  }
}
