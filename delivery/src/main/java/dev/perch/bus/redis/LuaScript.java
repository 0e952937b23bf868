package dev.perch.bus.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * One Lua script on one connection: run by EVALSHA, falling back to EVAL (which caches it again)
 * when Redis answers NOSCRIPT, as after a restart. Thread-safe; lazy.
 *
 * @param <T> what the script answers, as Lettuce maps {@code output}
 */
final class LuaScript<T> {

  private final StatefulRedisConnection<String, String> connection;
  private final String text;
  private final String sha;
  private final ScriptOutputType output;

  LuaScript(StatefulRedisConnection<String, String> connection, String text, ScriptOutputType output) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.text = text;
    this.sha = connection.reactive().digest(text);
    this.output = output;
  }

  /** The script's answer; empty when it answers nil. */
  Mono<T> run(String[] keys, String... args) {
    RedisReactiveCommands<String, String> redis = connection.reactive();
    return redis.<T>evalsha(sha, output, keys, args)
        .singleOrEmpty()
        .onErrorResume(RedisNoScriptException.class, noScript -> redis.<T>eval(text, output, keys, args).singleOrEmpty());
  }
}
