package dev.perch.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.model.Update;
import dev.perch.model.UserId;
import dev.perch.store.UpdateStore;
import dev.perch.store.UpdateStoreContract;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InMemoryUpdateStoreTest extends UpdateStoreContract {

  private final UpdateStore store = new InMemoryUpdateStore(10_000);

  @Override
  protected UpdateStore store() {
    return store;
  }

  @Test
  void keepsOnlyTheNewestRetainedUpdatesAndReadsFromTheOldestKept() {
    InMemoryUpdateStore small = new InMemoryUpdateStore(20);
    UserId alice = freshUser("alice");
    UserId bob = freshUser("bob");
    IntStream.range(0, 45).forEach(i -> small.append(bob, message(alice, bob, "m" + i)).block(DEADLINE));

    assertThat(small.readAfter(bob, 0, 500).collectList().block(DEADLINE))
        .extracting(Update::seq)
        .containsExactlyElementsOf(IntStream.rangeClosed(26, 45).mapToObj(i -> (long) i).toList());
    assertThat(small.readAfter(bob, 40, 500).collectList().block(DEADLINE))
        .extracting(Update::seq).containsExactly(41L, 42L, 43L, 44L, 45L);
    assertThat(small.head(bob).block(DEADLINE)).isEqualTo(45L);
  }
}
