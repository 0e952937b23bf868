package dev.perch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perch.error.ForbiddenException;
import dev.perch.id.MessageIds;
import dev.perch.model.ConversationId;
import dev.perch.model.Group;
import dev.perch.model.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * What every {@link GroupStore} must do. Each test uses fresh ids, so implementations may share
 * one store (one keyspace) across tests.
 */
public abstract class GroupStoreContract {

  protected static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final int MAX_MEMBERS = 256;
  private final MessageIds ids = new MessageIds(2, Clock.systemUTC());

  protected abstract GroupStore store();

  private static UserId freshUser(String name) {
    return UserId.of(name + "-" + UUID.randomUUID().toString().substring(0, 8));
  }

  private Group newGroup(UserId creator, UserId... others) {
    Group group = Group.create(ConversationId.newGroup(ids.next()), "ops", creator, List.of(others), MAX_MEMBERS,
        Instant.now().truncatedTo(ChronoUnit.MILLIS));
    return store().create(group).block(DEADLINE);
  }

  @Test
  void aCreatedGroupIsFoundAndListedForEachMember() {
    UserId alice = freshUser("alice");
    UserId bob = freshUser("bob");
    Group group = newGroup(alice, bob);

    assertThat(store().find(group.id()).block(DEADLINE)).isEqualTo(group);
    assertThat(group.members()).containsExactly(alice, bob);
    assertThat(group.admins()).containsExactly(alice);
    assertThat(store().groupsOf(bob, 10).collectList().block(DEADLINE)).containsExactly(group.id());
    StepVerifier.create(store().find(ConversationId.newGroup(ids.next()))).expectComplete().verify(DEADLINE);
  }

  @Test
  void aChangeAnswersBeforeAndAfterAndRelistsMembers() {
    UserId alice = freshUser("alice");
    UserId bob = freshUser("bob");
    UserId carol = freshUser("carol");
    Group group = newGroup(alice, bob);

    GroupStore.Changed changed = store().change(group.id(),
        g -> g.change(alice, List.of(carol), List.of(bob), MAX_MEMBERS)).block(DEADLINE);
    assertThat(changed.before()).isEqualTo(group);
    assertThat(changed.after().members()).containsExactly(alice, carol);
    assertThat(store().find(group.id()).block(DEADLINE)).isEqualTo(changed.after());
    assertThat(store().groupsOf(bob, 10).collectList().block(DEADLINE)).isEmpty();
    assertThat(store().groupsOf(carol, 10).collectList().block(DEADLINE)).containsExactly(group.id());
  }

  @Test
  void aRefusedChangeLeavesTheGroupAsItWas() {
    UserId alice = freshUser("alice");
    UserId bob = freshUser("bob");
    UserId mallory = freshUser("mallory");
    Group group = newGroup(alice, bob);

    assertThatThrownBy(() -> store().change(group.id(),
        g -> g.change(bob, List.of(mallory), List.of(), MAX_MEMBERS)).block(DEADLINE))
        .isInstanceOf(ForbiddenException.class);
    assertThat(store().find(group.id()).block(DEADLINE)).isEqualTo(group);
    StepVerifier.create(store().change(ConversationId.newGroup(ids.next()), g -> g)).expectComplete().verify(DEADLINE);
  }

  @Test
  void concurrentChangesOfOneGroupAreAllKept() throws Exception {
    UserId alice = freshUser("alice");
    Group group = newGroup(alice);
    List<UserId> joining = IntStream.range(0, 8).mapToObj(i -> freshUser("m" + i)).toList();
    ExecutorService pool = Executors.newFixedThreadPool(joining.size());
    try {
      List<Callable<GroupStore.Changed>> adds = joining.stream()
          .<Callable<GroupStore.Changed>>map(user -> () -> store().change(group.id(),
              g -> g.change(alice, List.of(user), List.of(), MAX_MEMBERS)).block(DEADLINE))
          .toList();
      for (Future<GroupStore.Changed> add : pool.invokeAll(adds)) {
        add.get();
      }
    } finally {
      pool.shutdownNow();
    }
    Group after = store().find(group.id()).block(DEADLINE);
    assertThat(after.members()).hasSize(1 + joining.size()).containsAll(joining);
    assertThat(after.version()).isEqualTo(group.version() + joining.size());
  }
}
