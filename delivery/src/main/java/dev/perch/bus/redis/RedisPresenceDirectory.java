package dev.perch.bus.redis;

import dev.perch.model.UserId;
import dev.perch.presence.PresenceDirectory;
import dev.perch.presence.PresenceEntry;
import dev.perch.presence.Recorded;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The presence directory in Redis, shared by every node. A user's record is the hash
 * {@code <prefix>presence:{<user>}}: a field per node ({@code "<devices> <lastSeenMillis>"}) and
 * {@code seen}, the time of the newest entry removed; it expires {@link #KEPT} after its last
 * write. {@code <prefix>presence-node:{<node>}} is the set of users a node has entries for. Every
 * script touches one key, so the layout fits Redis Cluster. Thread-safe; lazy.
 */
public final class RedisPresenceDirectory implements PresenceDirectory {

  /** How long a user's record, and with it their last seen, outlives its last write. */
  public static final Duration KEPT = Duration.ofDays(7);
  private static final String SEEN = "seen";

  private static final String PUT = """
      local before = redis.call('HGETALL', KEYS[1])
      redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
      redis.call('PEXPIRE', KEYS[1], ARGV[3])
      return before""";
  private static final String REMOVE = """
      local seen = tonumber(redis.call('HGET', KEYS[1], 'seen') or '0')
      local mine = redis.call('HGET', KEYS[1], ARGV[1])
      if mine then seen = math.max(seen, tonumber(string.match(mine, ' (%d+)$'))) end
      seen = math.max(seen, tonumber(ARGV[2]))
      redis.call('HDEL', KEYS[1], ARGV[1])
      redis.call('HSET', KEYS[1], 'seen', string.format('%d', seen))
      redis.call('PEXPIRE', KEYS[1], ARGV[3])
      return redis.call('HGETALL', KEYS[1])""";

  private final RedisCommandConnection connection;
  private final String userPrefix;
  private final String nodePrefix;
  private final LuaScript<List<Object>> put;
  private final LuaScript<List<Object>> remove;
  private final String kept = Long.toString(KEPT.toMillis());

  /** @param connection the connection to use; stays the caller's (it may be shared) */
  public RedisPresenceDirectory(RedisCommandConnection connection, String prefix) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.userPrefix = Objects.requireNonNull(prefix, "prefix") + "presence:{";
    this.nodePrefix = prefix + "presence-node:{";
    this.put = new LuaScript<>(connection, PUT, ScriptOutputType.MULTI);
    this.remove = new LuaScript<>(connection, REMOVE, ScriptOutputType.MULTI);
  }

  @Override
  public Mono<Recorded> put(UserId user, PresenceEntry entry) {
    String node = Integer.toString(entry.node());
    return connection.reactive().sadd(nodeKey(entry.node()), user.value())
        .then(connection.reactive().pexpire(nodeKey(entry.node()), KEPT.toMillis()))
        .then(put.run(new String[] {userKey(user)}, node, entry.encode(), kept))
        .map(RedisPresenceDirectory::recorded);
  }

  @Override
  public Mono<Recorded> remove(UserId user, int node, long lastSeenMillis) {
    return remove.run(new String[] {userKey(user)}, Integer.toString(node), Long.toString(lastSeenMillis), kept)
        .map(RedisPresenceDirectory::recorded)
        .flatMap(after -> connection.reactive().srem(nodeKey(node), user.value()).thenReturn(after));
  }

  @Override
  public Mono<Map<UserId, Recorded>> read(Collection<UserId> users) {
    return Flux.fromIterable(users)
        .flatMapSequential(user -> connection.reactive().hgetall(userKey(user))
            .collectMap(KeyValue::getKey, KeyValue::getValue)
            .map(fields -> Map.entry(user, recorded(fields))))
        .collect(LinkedHashMap::new, (map, entry) -> map.put(entry.getKey(), entry.getValue()));
  }

  @Override
  public Flux<UserId> usersOf(int node) {
    return connection.reactive().smembers(nodeKey(node)).map(UserId::of);
  }

  @Override
  public Mono<Void> forget(int node) {
    return connection.reactive().del(nodeKey(node)).then();
  }

  private String userKey(UserId user) {
    return userPrefix + user.value() + "}";
  }

  private String nodeKey(int node) {
    return nodePrefix + node + "}";
  }

  /** A record from HGETALL's flat field, value list. */
  private static Recorded recorded(List<Object> flat) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      fields.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
    }
    return recorded(fields);
  }

  private static Recorded recorded(Map<String, String> fields) {
    List<PresenceEntry> entries = new ArrayList<>();
    long seen = 0;
    for (Map.Entry<String, String> field : fields.entrySet()) {
      if (SEEN.equals(field.getKey())) {
        seen = Long.parseLong(field.getValue());
      } else {
        entries.add(PresenceEntry.decode(Integer.parseInt(field.getKey()), field.getValue()));
      }
    }
    return new Recorded(entries, seen);
  }
}
