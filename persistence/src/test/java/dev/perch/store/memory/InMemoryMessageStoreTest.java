package dev.perch.store.memory;

import dev.perch.store.MessageStore;
import dev.perch.store.MessageStoreContract;
import java.time.Clock;
import java.time.Duration;

class InMemoryMessageStoreTest extends MessageStoreContract {

  private final MessageStore store = new InMemoryMessageStore(10_000, Duration.ofHours(24), Clock.systemUTC());

  @Override
  protected MessageStore store() {
    return store;
  }
}
