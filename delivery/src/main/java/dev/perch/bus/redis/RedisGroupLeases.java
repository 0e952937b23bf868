package dev.perch.bus.redis;

import dev.perch.send.GroupLeases;
import dev.perch.model.ConversationId;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Group leases in Redis, shared by every node: {@code <prefix>relay:{<groupId>}} holds the
 * holder's token with an expiry ({@code SET NX PX}); renewing and releasing compare the token first,
 * in one script each, so a holder whose lease ran out cannot extend or drop its successor's. The
 * key is hash-tagged by group, so it fits Redis Cluster. Thread-safe; lazy.
 */
public final class RedisGroupLeases implements GroupLeases {

  private static final String RENEW =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";
  private static final String RELEASE =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

  private final RedisCommandConnection connection;
  private final String keyPrefix;
  private final LuaScript<Long> renew;
  private final LuaScript<Long> release;

  /** @param connection the connection to use; stays the caller's (it may be shared) */
  public RedisGroupLeases(RedisCommandConnection connection, String prefix) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.keyPrefix = Objects.requireNonNull(prefix, "prefix") + "relay:{";
    this.renew = new LuaScript<>(connection, RENEW, ScriptOutputType.INTEGER);
    this.release = new LuaScript<>(connection, RELEASE, ScriptOutputType.INTEGER);
  }

  @Override
  public Mono<Boolean> acquire(ConversationId group, String token, Duration ttl) {
    return connection.reactive().set(key(group), token, SetArgs.Builder.nx().px(ttl.toMillis()))
        .map("OK"::equals)
        .defaultIfEmpty(false);
  }

  @Override
  public Mono<Boolean> renew(ConversationId group, String token, Duration ttl) {
    return renew.run(new String[] {key(group)}, token, Long.toString(ttl.toMillis())).single().map(renewed -> renewed == 1);
  }

  @Override
  public Mono<Void> release(ConversationId group, String token) {
    return release.run(new String[] {key(group)}, token).single().then();
  }

  String key(ConversationId group) {
    return keyPrefix + group.value() + "}";
  }
}
