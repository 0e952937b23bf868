package dev.perch.store.cql;

import dev.perch.store.UpdateStore;
import dev.perch.store.UpdateStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class CqlUpdateStoreIT extends UpdateStoreContract {

  private static CqlTestKeyspace keyspace;
  private static UpdateStore store;

  @BeforeAll
  static void openKeyspace() {
    keyspace = CqlTestKeyspace.open();
    CqlUpdateHeads heads = new CqlUpdateHeads(keyspace.session(), keyspace.options());
    store = new CqlUpdateStore(keyspace.session(), keyspace.options(), new LocalSequenceAllocator(heads::read));
  }

  @AfterAll
  static void dropKeyspace() {
    if (keyspace != null) {
      keyspace.close();
    }
  }

  @Override
  protected UpdateStore store() {
    return store;
  }
}
