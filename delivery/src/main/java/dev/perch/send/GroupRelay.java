package dev.perch.send;

import dev.perch.model.ConversationId;
import dev.perch.model.Group;
import dev.perch.model.Message;
import dev.perch.model.UserId;
import dev.perch.store.GroupStore;
import dev.perch.store.MessageStore;
import dev.perch.store.MessageStore.Owed;
import dev.perch.store.UpdateStore;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Delivers a group's messages to its members, in one order for every member.
 *
 * <p>Every message of a group is saved owed ({@link MessageStore#oweDelivery}); the relay takes the
 * group's owed messages in the order they were sent and puts each into every member's stream
 * before it starts the next, and only one relay runs per group at a time: on this node, a drain per
 * group that later triggers join; across nodes, the group's {@link GroupLeases lease}. So for any
 * two messages of a group, every member's stream holds them in the same relative order, whatever
 * fails: a message whose delivery fails stays first in the group's queue, and the next relay
 * finishes it before anything after it. The relay marks a message started before appending it
 * ({@link MessageStore#startDelivery}); a started message is appended only where it is missing
 * ({@link UpdateStore#find}), so none is appended twice. Members are those of the group when the
 * relay delivers the message.
 *
 * <p>A drain runs detached from the request that triggered it, so a client that goes away cannot
 * stop a group's delivery halfway; what a drain leaves (it failed, or lost a race for the lease) the
 * {@link OwedDeliverySweeper} triggers again.
 */
public final class GroupRelay {

  /** Owed messages read per round of a drain. */
  static final int BATCH = 64;
  private static final Duration LEASE = SendService.IN_FLIGHT;
  private static final Logger log = LoggerFactory.getLogger(GroupRelay.class);

  private final MessageStore messages;
  private final UpdateStore updates;
  private final GroupStore groups;
  private final GroupLeases leases;
  private final FanOut fanOut;
  private final String node = UUID.randomUUID().toString();
  private final AtomicLong drains = new AtomicLong();
  private final ConcurrentMap<ConversationId, AtomicInteger> triggers = new ConcurrentHashMap<>();

  public GroupRelay(MessageStore messages, UpdateStore updates, GroupStore groups, GroupLeases leases, FanOut fanOut) {
    this.messages = messages;
    this.updates = updates;
    this.groups = groups;
    this.leases = leases;
    this.fanOut = fanOut;
  }

  /**
   * Makes sure a drain of {@code group} runs after this call: starts one, or, when one runs on this
   * node, has it go round once more. Returns at once; deadlines run on {@code timer}.
   */
  public void trigger(ConversationId group, Scheduler timer) {
    AtomicInteger pending = triggers.computeIfAbsent(group, g -> new AtomicInteger());
    if (pending.getAndIncrement() == 0) {
      drain(group, pending, 1, timer).subscribe(null, e -> log.warn("relay of group {} stopped: {}", group, e.toString()));
    }
  }

  private Mono<Void> drain(ConversationId group, AtomicInteger pending, int seen, Scheduler timer) {
    return relay(group, timer)
        .onErrorResume(e -> {
          log.debug("group {} not fully relayed; the sweeper triggers it again: {}", group, e.toString());
          return Mono.empty();
        })
        .then(Mono.defer(() -> {
          int left = pending.addAndGet(-seen);
          return left == 0 ? Mono.<Void>empty() : drain(group, pending, left, timer);
        }));
  }

  /**
   * Under the group's lease, delivers its owed messages until there are none; after giving the
   * lease back it looks once more, since a message owed meanwhile may have found the lease taken.
   */
  private Mono<Void> relay(ConversationId group, Scheduler timer) {
    String token = node + "/" + drains.incrementAndGet();
    return leases.acquire(group, token, LEASE).flatMap(acquired -> !acquired
        ? Mono.<Void>empty()
        : rounds(group, token, timer)
            .onErrorResume(e -> leases.release(group, token).then(Mono.error(e)))
            .then(leases.release(group, token))
            .then(messages.owedDeliveries(group, 1).hasElements())
            .flatMap(more -> more ? relay(group, timer) : Mono.empty()));
  }

  private Mono<Void> rounds(ConversationId group, String token, Scheduler timer) {
    return messages.owedDeliveries(group, BATCH).collectList().flatMap(owed -> owed.isEmpty()
        ? Mono.<Void>empty()
        : groups.find(group)
            .map(Group::members)
            .defaultIfEmpty(List.of())
            .flatMap(members -> Flux.fromIterable(owed)
                .concatMap(next -> leases.renew(group, token, LEASE).flatMap(held -> held
                    ? deliver(next, members, timer)
                    : Mono.error(new IllegalStateException("lease of group " + group + " lost"))))
                .then())
            .then(Mono.defer(() -> rounds(group, token, timer))));
  }

  private Mono<Void> deliver(Owed owed, List<UserId> members, Scheduler timer) {
    Message message = owed.message();
    Mono<Void> appended = owed.started()
        ? missing(message, members).flatMap(lacking -> fanOut.append(message, lacking, timer))
        : messages.startDelivery(message).then(fanOut.append(message, members, timer));
    return appended.then(messages.settleDelivery(message));
  }

  /** The members whose streams do not hold {@code message} yet, looked up one at a time. */
  private Mono<List<UserId>> missing(Message message, List<UserId> members) {
    return Flux.fromIterable(members)
        .concatMap(member -> updates.find(member, message).hasElement()
            .flatMap(found -> found ? Mono.<UserId>empty() : Mono.just(member)))
        .collectList();
  }
}
