package dev.perch.presence;

import dev.perch.cluster.Membership;
import dev.perch.cluster.NodeRecord;
import dev.perch.model.UserId;
import dev.perch.poll.PollWatcher;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * This node's part of presence. Counts each user's polls in progress here as they start and end
 * (two map updates per poll, no I/O), and once a {@link #TICK} writes to the
 * {@link PresenceDirectory} only what changed: a user first seen, a change of devices, a user who
 * kept polling for {@link PresenceSettings#refresh()} (so the entry never lapses), and the removal
 * of a user whose last poll ended {@link PresenceSettings#grace()} ago. A write that finds no other
 * live node seeing the user tells the user's peers ({@link PresenceNotices}): online on the first
 * entry, offline on the last removal. When a node leaves the membership, the node that owns it on
 * the ring removes the dead node's entries and tells their peers of those now offline.
 */
public final class PresenceTracker implements PollWatcher {

  /** How often changes are written. */
  public static final Duration TICK = Duration.ofSeconds(1);
  private static final int WRITES_IN_FLIGHT = 32;
  private static final Logger log = LoggerFactory.getLogger(PresenceTracker.class);

  private final PresenceDirectory directory;
  private final Membership membership;
  private final PresenceNotices notices;
  private final PresenceSettings settings;
  private final Clock clock;
  private final Scheduler scheduler;
  private final ConcurrentMap<UserId, Local> users = new ConcurrentHashMap<>();
  private Set<Integer> knownLive = Set.of();
  private Disposable ticking;

  /** A user as this node sees them, and what of it the directory holds (devices -1: nothing yet). */
  private static final class Local {
    int devices;
    long lastSeen;
    int writtenDevices = -1;
    long writtenLastSeen;
  }

  /** What a tick writes for one user. */
  private record Write(UserId user, PresenceEntry entry, boolean first, boolean removal) {}

  public PresenceTracker(
      PresenceDirectory directory, Membership membership, PresenceNotices notices, PresenceSettings settings,
      Clock clock, Scheduler scheduler) {
    this.directory = directory;
    this.membership = membership;
    this.notices = notices;
    this.settings = settings;
    this.clock = clock;
    this.scheduler = scheduler;
  }

  @Override
  public void started(UserId user) {
    long now = clock.millis();
    users.compute(user, (u, local) -> {
      Local l = local == null ? new Local() : local;
      l.devices++;
      l.lastSeen = now;
      return l;
    });
  }

  @Override
  public void ended(UserId user) {
    long now = clock.millis();
    users.computeIfPresent(user, (u, l) -> {
      l.devices = Math.max(0, l.devices - 1);
      l.lastSeen = now;
      return l;
    });
  }

  /** Writes changes every {@link #TICK}; a tick whose writes are still running is skipped. */
  public synchronized void start() {
    ticking = Flux.interval(TICK, TICK, scheduler).onBackpressureDrop()
        .concatMap(tick -> tick().onErrorResume(e -> {
          log.debug("presence not written: {}", e.toString());
          return Mono.empty();
        }), 0)
        .subscribe();
  }

  public synchronized void stop() {
    if (ticking != null) {
      ticking.dispose();
    }
  }

  /** One round of writes: this node's changes, then the entries of nodes that left. */
  Mono<Void> tick() {
    long now = clock.millis();
    List<Write> writes = new ArrayList<>();
    for (UserId user : users.keySet()) {
      users.computeIfPresent(user, (u, l) -> plan(u, l, now, writes));
    }
    Set<Integer> live = liveNodes();
    return Flux.fromIterable(writes)
        .flatMap(write -> write(write, live, now), WRITES_IN_FLIGHT)
        .then(Mono.defer(() -> removeDeparted(live, now)));
  }

  /** Adds what {@code l} needs written to {@code writes}; answers the entry to keep, or null to drop it. */
  private Local plan(UserId user, Local l, long now, List<Write> writes) {
    int self = membership.self();
    if (l.devices == 0 && now - l.lastSeen >= settings.grace().toMillis()) {
      if (l.writtenDevices >= 0) {
        writes.add(new Write(user, new PresenceEntry(self, 0, l.lastSeen), false, true));
      }
      return null;
    }
    long seen = l.devices > 0 ? now : l.lastSeen;
    boolean first = l.writtenDevices < 0;
    if (first || l.devices != l.writtenDevices || seen - l.writtenLastSeen >= settings.refresh().toMillis()) {
      writes.add(new Write(user, new PresenceEntry(self, l.devices, seen), first, false));
      l.writtenDevices = l.devices;
      l.writtenLastSeen = seen;
    }
    return l;
  }

  private Mono<Void> write(Write write, Set<Integer> live, long now) {
    UserId user = write.user();
    PresenceEntry entry = write.entry();
    if (write.removal()) {
      return directory.remove(user, entry.node(), entry.lastSeenMillis())
          .doOnNext(after -> {
            if (!PresenceState.of(after, live, now, settings.grace()).online()) {
              notices.changed(user, false, entry.lastSeenMillis());
            }
          })
          .onErrorResume(e -> failed(user, e))
          .then();
    }
    return directory.put(user, entry)
        .doOnNext(before -> {
          if (write.first() && !PresenceState.of(before.without(entry.node()), live, now, settings.grace()).online()) {
            notices.changed(user, true, entry.lastSeenMillis());
          }
        })
        .onErrorResume(e -> {
          users.computeIfPresent(user, (u, l) -> {
            l.writtenDevices = -1;
            return l;
          });
          return failed(user, e);
        })
        .then();
  }

  /** Removes the entries of nodes that left since the last tick, where the ring gives them to this node. */
  private Mono<Void> removeDeparted(Set<Integer> live, long now) {
    Set<Integer> departed = new HashSet<>(knownLive);
    departed.removeAll(live);
    knownLive = live;
    return Flux.fromIterable(departed)
        .filter(node -> membership.ring().owner("presence-node-" + node) == membership.self())
        .concatMap(node -> directory.usersOf(node)
            .flatMap(user -> directory.remove(user, node, 0)
                .doOnNext(after -> {
                  PresenceState state = PresenceState.of(after, live, now, settings.grace());
                  if (!state.online()) {
                    notices.changed(user, false, state.lastSeen() == null ? now : state.lastSeen().toEpochMilli());
                  }
                })
                .onErrorResume(e -> failed(user, e)), WRITES_IN_FLIGHT)
            .then(directory.forget(node)))
        .then();
  }

  private Set<Integer> liveNodes() {
    return membership.live().stream().map(NodeRecord::id).collect(Collectors.toUnmodifiableSet());
  }

  private static <T> Mono<T> failed(UserId user, Throwable e) {
    log.debug("presence of {} not written: {}", user, e.toString());
    return Mono.empty();
  }
}
