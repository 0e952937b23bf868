package dev.perch.bus.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * One Lua script on one connection: run by EVALSHA, falling back to EVAL (which caches it again)
 * when Redis answers NOSCRIPT, as after a restart or on a Redis Cluster master that has not run it
 * yet. On a cluster it runs on the master of its first key's slot, so all its keys must share one
 * hash tag. Thread-safe; lazy.
 *
 * @param <T> what the script answers, as Lettuce maps {@code output}
 */
final class LuaScript<T> {

  private final RedisCommandConnection connection;
  private final String text;
  private final String sha;
  private final ScriptOutputType output;

  LuaScript(RedisCommandConnection connection, String text, ScriptOutputType output) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.text = text;
    this.sha = connection.reactive().digest(text);
    this.output = output;
  }

  /** The script's answer; empty when it answers nil. */
  Mono<T> run(String[] keys, String... args) {
    RedisClusterReactiveCommands<String, String> redis = connection.reactive();
    return redis.<T>evalsha(sha, output, keys, args)
        .singleOrEmpty()
        .onErrorResume(RedisNoScriptException.class, noScript -> redis.<T>eval(text, output, keys, args).singleOrEmpty());
  }
}
