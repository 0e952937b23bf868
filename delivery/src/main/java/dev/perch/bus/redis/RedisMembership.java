package dev.perch.bus.redis;

import dev.perch.cluster.Membership;
import dev.perch.cluster.NodeRecord;
import dev.perch.cluster.Ring;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Node membership in Redis: a sorted set of node ids scored by their last heartbeat, in Redis's own
 * clock ({@code TIME}, so the nodes' clocks do not matter), and a hash of each node's record
 * (address, start, an incarnation drawn at start). Both keys share the hash tag {@code {nodes}}, so
 * each script touches one Redis Cluster slot.
 *
 * <p>Every {@code heartbeat} a node writes its entry and drops those older than {@code expiry};
 * every {@code refresh} it reads the entries younger than {@code expiry} into its view, and the
 * {@link Ring} of them. A killed node thus leaves every view within {@code expiry} of its last
 * heartbeat (plus one refresh); a stopping node removes its entry at once; a returning one is back
 * with its first heartbeat. While Redis cannot be read the view stays as it was. The ring always
 * holds this node. Thread-safe.
 */
public final class RedisMembership implements Membership, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RedisMembership.class);
  private static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(2);

  /** KEYS: beats, records. ARGV: id, record, expiry ms. Writes this node's entry, prunes the dead. */
  private static final String HEARTBEAT = """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local oldest = now - tonumber(ARGV[3])
      redis.call('ZADD', KEYS[1], now, ARGV[1])
      redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
      for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. oldest)) do
        redis.call('HDEL', KEYS[2], id)
      end
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. oldest)
      return now
      """;

  /** KEYS: beats, records. ARGV: expiry ms. Answers id, last beat (ms), record for each live node. */
  private static final String VIEW = """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local beats = redis.call('ZRANGEBYSCORE', KEYS[1], now - tonumber(ARGV[1]), '+inf', 'WITHSCORES')
      local out = {}
      for i = 1, #beats, 2 do
        out[#out + 1] = beats[i]
        out[#out + 1] = beats[i + 1]
        out[#out + 1] = redis.call('HGET', KEYS[2], beats[i]) or ''
      end
      return out
      """;

  /** KEYS: beats, records. ARGV: id, record. Removes this node's entry if it is still this incarnation's. */
  private static final String LEAVE = """
      if redis.call('HGET', KEYS[2], ARGV[1]) == ARGV[2] then
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('HDEL', KEYS[2], ARGV[1])
      end
      return 0
      """;

  private final String[] keys;
  private final int self;
  private final NodeRecord selfRecord;
  private final String record;
  private final Duration heartbeat;
  private final Duration expiry;
  private final Duration refresh;
  private final Scheduler scheduler;
  private final LuaScript<Long> beat;
  private final LuaScript<List<Object>> view;
  private final LuaScript<Long> leave;
  private final Disposable.Composite running = Disposables.composite();
  private volatile View current;
  private volatile long registeredUntilNanos = System.nanoTime();
  private volatile String impostor;

  private record View(List<NodeRecord> live, Ring ring) {}

  public RedisMembership(
      RedisCommandConnection connection, String prefix, NodeRecord self, Duration heartbeat,
      Duration expiry, Duration refresh, Scheduler scheduler) {
    this.keys = new String[] {prefix + "{nodes}:beats", prefix + "{nodes}:records"};
    this.self = self.id();
    this.selfRecord = self;
    this.record = self.address() + "\t" + self.startedAt().toEpochMilli() + "\t"
        + Long.toHexString(ThreadLocalRandom.current().nextLong());
    this.heartbeat = heartbeat;
    this.expiry = expiry;
    this.refresh = refresh;
    this.scheduler = scheduler;
    this.beat = new LuaScript<>(connection, HEARTBEAT, ScriptOutputType.INTEGER);
    this.view = new LuaScript<>(connection, VIEW, ScriptOutputType.MULTI);
    this.leave = new LuaScript<>(connection, LEAVE, ScriptOutputType.INTEGER);
    this.current = new View(List.of(self), Ring.of(List.of(self.id())));
  }

  /** Heartbeats at once and then every {@code heartbeat}; refreshes the view every {@code refresh}. */
  public void start() {
    running.add(Flux.interval(Duration.ZERO, heartbeat, scheduler).onBackpressureDrop()
        .concatMap(tick -> heartbeat(), 0).subscribe());
    running.add(Flux.interval(Duration.ZERO, refresh, scheduler).onBackpressureDrop()
        .concatMap(tick -> refreshView(), 0).subscribe());
  }

  Mono<Void> heartbeat() {
    long sentAt = System.nanoTime();
    return beat.run(keys, Integer.toString(self), record, Long.toString(expiry.toMillis()))
        .timeout(heartbeat)
        .doOnNext(now -> registeredUntilNanos = sentAt + expiry.toNanos())
        .onErrorResume(e -> {
          log.warn("heartbeat of node {} not recorded: {}", self, e.toString());
          return Mono.empty();
        })
        .then();
  }

  /**
   * Reads the view; when that works while this node's registration has lapsed (Redis, or the master
   * of {@code {nodes}}, is back), heartbeats at once rather than at the next beat, so the node is
   * registered again (and sweeps its shards again) within a refresh.
   */
  Mono<Void> refreshView() {
    return view.run(keys, Long.toString(expiry.toMillis()))
        .timeout(refresh.multipliedBy(5))
        .doOnNext(this::update)
        .flatMap(answer -> registered() ? Mono.<Void>empty() : heartbeat())
        .onErrorResume(e -> {
          log.debug("membership view not refreshed: {}", e.toString());
          return Mono.empty();
        })
        .then();
  }

  private void update(List<Object> answer) {
    List<NodeRecord> live = new ArrayList<>();
    Set<Integer> ids = new HashSet<>();
    for (int i = 0; i + 2 < answer.size(); i += 3) {
      int id = Integer.parseInt(answer.get(i).toString());
      long lastBeat = (long) Double.parseDouble(answer.get(i + 1).toString());
      String[] fields = answer.get(i + 2).toString().split("\t", -1);
      if (fields.length != 3) {
        continue;
      }
      if (id == self && !record.equals(answer.get(i + 2).toString())) {
        warnImpostor(fields);
        continue;
      }
      ids.add(id);
      live.add(new NodeRecord(
          id, fields[0], Instant.ofEpochMilli(Long.parseLong(fields[1])), Instant.ofEpochMilli(lastBeat)));
    }
    if (ids.add(self)) {
      live.add(selfRecord);
    }
    live.sort(Comparator.comparingInt(NodeRecord::id));
    current = new View(List.copyOf(live), Ring.of(ids));
  }

  private void warnImpostor(String[] fields) {
    if (!fields[0].equals(impostor)) {
      impostor = fields[0];
      log.error("another node ({}) registers with node id {}: node ids must be distinct", fields[0], self);
    }
  }

  @Override
  public int self() {
    return self;
  }

  @Override
  public List<NodeRecord> live() {
    return current.live();
  }

  @Override
  public Ring ring() {
    return current.ring();
  }

  @Override
  public boolean registered() {
    return System.nanoTime() - registeredUntilNanos < 0;
  }

  /** Stops heartbeating and removes this node's entry (if Redis answers within a moment). */
  @Override
  public void close() {
    running.dispose();
    try {
      leave.run(keys, Integer.toString(self), record).block(LEAVE_TIMEOUT);
    } catch (RuntimeException e) {
      log.info("node {} not removed from the registry ({}); it expires there in {}", self, e.toString(), expiry);
    }
  }
}
