package dev.perch.store.cql;

import dev.perch.store.MessageStore;
import dev.perch.store.MessageStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class CqlMessageStoreIT extends MessageStoreContract {

  private static CqlTestKeyspace keyspace;
  private static MessageStore store;

  @BeforeAll
  static void openKeyspace() {
    keyspace = CqlTestKeyspace.open();
    store = new CqlMessageStore(keyspace.session(), keyspace.options());
  }

  @AfterAll
  static void dropKeyspace() {
    if (keyspace != null) {
      keyspace.close();
    }
  }

  @Override
  protected MessageStore store() {
    return store;
  }
}
