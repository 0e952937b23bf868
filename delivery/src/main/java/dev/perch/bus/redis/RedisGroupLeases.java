package dev.perch.bus.redis;

import dev.perch.send.GroupLeases;
import dev.perch.model.ConversationId;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
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

  private final StatefulRedisConnection<String, String> connection;
  private final String keyPrefix;
  private final String renewSha;
  private final String releaseSha;

  /** @param connection the connection to use; stays the caller's (it may be shared) */
  public RedisGroupLeases(StatefulRedisConnection<String, String> connection, String prefix) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.keyPrefix = Objects.requireNonNull(prefix, "prefix") + "relay:{";
    this.renewSha = connection.reactive().digest(RENEW);
    this.releaseSha = connection.reactive().digest(RELEASE);
  }

  @Override
  public Mono<Boolean> acquire(ConversationId group, String token, Duration ttl) {
    return connection.reactive().set(key(group), token, SetArgs.Builder.nx().px(ttl.toMillis()))
        .map("OK"::equals)
        .defaultIfEmpty(false);
  }

  @Override
  public Mono<Boolean> renew(ConversationId group, String token, Duration ttl) {
    return run(RENEW, renewSha, key(group), token, Long.toString(ttl.toMillis())).map(renewed -> renewed == 1);
  }

  @Override
  public Mono<Void> release(ConversationId group, String token) {
    return run(RELEASE, releaseSha, key(group), token).then();
  }

  String key(ConversationId group) {
    return keyPrefix + group.value() + "}";
  }

  private Mono<Long> run(String script, String sha, String key, String... args) {
    RedisReactiveCommands<String, String> redis = connection.reactive();
    String[] keys = {key};
    return redis.<Long>evalsha(sha, ScriptOutputType.INTEGER, keys, args)
        .single()
        .onErrorResume(RedisNoScriptException.class,
            noScript -> redis.<Long>eval(script, ScriptOutputType.INTEGER, keys, args).single());
  }
}
