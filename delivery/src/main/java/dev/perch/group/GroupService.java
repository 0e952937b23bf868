package dev.perch.group;

import dev.perch.id.MessageIds;
import dev.perch.model.ConversationId;
import dev.perch.model.Group;
import dev.perch.model.MemberChange;
import dev.perch.model.UserId;
import dev.perch.send.FanOut;
import dev.perch.store.GroupStore;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Makes groups and changes their members ({@link Group} has the rules). Every change, creation
 * included, reaches the members before and after it as a {@code member} update, so a removed
 * member learns it too. The change is stored first; its updates are appended after it, and when
 * they fail the change stands and the call fails (503), a repeat of it changing nothing.
 */
public final class GroupService {

  private final GroupStore groups;
  private final FanOut fanOut;
  private final MessageIds ids;
  private final Clock clock;
  private final int maxMembers;

  public GroupService(GroupStore groups, FanOut fanOut, MessageIds ids, Clock clock, int maxMembers) {
    this.groups = groups;
    this.fanOut = fanOut;
    this.ids = ids;
    this.clock = clock;
    this.maxMembers = maxMembers;
  }

  /** A new group of {@code creator} and {@code others}, named {@code name}. */
  public Mono<Group> create(UserId creator, String name, List<UserId> others, Scheduler timer) {
    return Mono.defer(() -> {
      Group group = Group.create(ConversationId.newGroup(ids.next()), name, creator, others, maxMembers,
          clock.instant().truncatedTo(ChronoUnit.MILLIS));
      List<UserId> joined = group.members();
      return groups.create(group)
          .flatMap(created -> fanOut.append(new MemberChange(created.id(), creator, joined, List.of()), joined, timer)
              .thenReturn(created));
    });
  }

  /** The group, when {@code caller} is a member; else 403, whether or not it exists. */
  public Mono<Group> find(UserId caller, ConversationId id) {
    return groups.find(id).filter(group -> group.hasMember(caller)).switchIfEmpty(Mono.error(() -> Group.notMember(id)));
  }

  /** {@code caller} adds and removes members; a non-member gets 403, whether or not the group exists. */
  public Mono<Group> change(UserId caller, ConversationId id, List<UserId> add, List<UserId> remove, Scheduler timer) {
    return groups.change(id, group -> {
          if (!group.hasMember(caller)) {
            throw Group.notMember(id);
          }
          return group.change(caller, add, remove, maxMembers);
        })
        .switchIfEmpty(Mono.error(() -> Group.notMember(id)))
        .flatMap(changed -> {
          MemberChange change = changed.after().changeFrom(changed.before(), caller);
          if (change == null) {
            return Mono.just(changed.after());
          }
          Set<UserId> told = new LinkedHashSet<>(changed.before().members());
          told.addAll(changed.after().members());
          return fanOut.append(change, told, timer).thenReturn(changed.after());
        });
  }

  /** {@code caller} leaves the group. */
  public Mono<Group> leave(UserId caller, ConversationId id, Scheduler timer) {
    return change(caller, id, List.of(), List.of(caller), timer);
  }
}
