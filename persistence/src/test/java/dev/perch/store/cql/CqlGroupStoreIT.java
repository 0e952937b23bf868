package dev.perch.store.cql;

import dev.perch.store.GroupStore;
import dev.perch.store.GroupStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class CqlGroupStoreIT extends GroupStoreContract {

  private static CqlTestKeyspace keyspace;
  private static GroupStore store;

  @BeforeAll
  static void openKeyspace() {
    keyspace = CqlTestKeyspace.open();
    store = new CqlGroupStore(keyspace.session(), keyspace.options());
  }

  @AfterAll
  static void dropKeyspace() {
    if (keyspace != null) {
      keyspace.close();
    }
  }

  @Override
  protected GroupStore store() {
    return store;
  }
}
