package dev.perch.store.memory;

import dev.perch.store.GroupStore;
import dev.perch.store.GroupStoreContract;

class InMemoryGroupStoreTest extends GroupStoreContract {

  private final GroupStore store = new InMemoryGroupStore();

  @Override
  protected GroupStore store() {
    return store;
  }
}
