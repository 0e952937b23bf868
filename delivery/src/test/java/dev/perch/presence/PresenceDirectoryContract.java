package dev.perch.presence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.model.UserId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link PresenceDirectory} does; each implementation's test runs it. */
public abstract class PresenceDirectoryContract {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** A directory, empty for the users this contract makes. */
  protected abstract PresenceDirectory directory();

  private static UserId user() {
    return UserId.of("p" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
  }

  @Test
  void putAnswersWhatWasRecordedBeforeAndReplacesTheNodesEntry() {
    PresenceDirectory directory = directory();
    UserId ann = user();

    assertThat(directory.put(ann, new PresenceEntry(1, 1, 100)).block(TIMEOUT)).isEqualTo(Recorded.NONE);
    assertThat(directory.put(ann, new PresenceEntry(2, 2, 200)).block(TIMEOUT))
        .isEqualTo(new Recorded(List.of(new PresenceEntry(1, 1, 100)), 0));
    directory.put(ann, new PresenceEntry(1, 3, 300)).block(TIMEOUT);

    Recorded recorded = directory.read(List.of(ann)).block(TIMEOUT).get(ann);
    assertThat(recorded.entries()).containsExactlyInAnyOrder(new PresenceEntry(1, 3, 300), new PresenceEntry(2, 2, 200));
    assertThat(recorded.seenMillis()).isZero();
  }

  @Test
  void removeKeepsTheLaterOfTheEntrysTimeAndTheGivenOneAsLastSeen() {
    PresenceDirectory directory = directory();
    UserId ann = user();
    directory.put(ann, new PresenceEntry(1, 0, 500)).block(TIMEOUT);
    directory.put(ann, new PresenceEntry(2, 1, 400)).block(TIMEOUT);

    assertThat(directory.remove(ann, 1, 450).block(TIMEOUT)).isEqualTo(new Recorded(List.of(new PresenceEntry(2, 1, 400)), 500));
    assertThat(directory.remove(ann, 2, 900).block(TIMEOUT)).isEqualTo(new Recorded(List.of(), 900));
    assertThat(directory.remove(ann, 3, 0).block(TIMEOUT)).isEqualTo(new Recorded(List.of(), 900));
  }

  @Test
  void readAnswersEveryUserAskedForInOrderNoneForTheUnseen() {
    PresenceDirectory directory = directory();
    UserId ann = user();
    UserId bob = user();
    directory.put(bob, new PresenceEntry(1, 1, 100)).block(TIMEOUT);

    Map<UserId, Recorded> read = directory.read(List.of(ann, bob)).block(TIMEOUT);

    assertThat(read.keySet()).containsExactly(ann, bob);
    assertThat(read.get(ann)).isEqualTo(Recorded.NONE);
    assertThat(read.get(bob).entries()).containsExactly(new PresenceEntry(1, 1, 100));
  }

  @Test
  void aNodesUsersAreListedUntilRemovedOrForgotten() {
    PresenceDirectory directory = directory();
    int node = 1_000 + (int) (Math.random() * 1_000_000);
    UserId ann = user();
    UserId bob = user();
    directory.put(ann, new PresenceEntry(node, 1, 100)).block(TIMEOUT);
    directory.put(bob, new PresenceEntry(node, 1, 100)).block(TIMEOUT);
    directory.remove(ann, node, 200).block(TIMEOUT);

    assertThat(directory.usersOf(node).collectList().block(TIMEOUT)).containsExactly(bob);
    directory.forget(node).block(TIMEOUT);
    assertThat(directory.usersOf(node).collectList().block(TIMEOUT)).isEmpty();
  }
}
