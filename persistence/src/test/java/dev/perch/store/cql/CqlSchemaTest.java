package dev.perch.store.cql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CqlSchemaTest {

  private final CqlStoreOptions options = CqlStoreOptions.defaults()
      .withKeyspace("perch_test")
      .withReplication("{'class': 'NetworkTopologyStrategy', 'dc1': 3}")
      .withUpdateRetention(Duration.ofDays(7));

  @Test
  void everyStatementIsIdempotentAndFullyTemplated() {
    List<String> statements = CqlSchema.statements(options);
    assertThat(statements).hasSize(19);
    assertThat(statements).allSatisfy(s -> {
      assertThat(s).startsWith("CREATE").contains(" IF NOT EXISTS perch_test").doesNotContain("${", "--", ";");
    });
  }

  @Test
  void keyspaceAndTypeComeBeforeTheTablesThatUseThem() {
    List<String> statements = CqlSchema.statements(options);
    assertThat(statements.get(0)).isEqualTo(
        "CREATE KEYSPACE IF NOT EXISTS perch_test WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 3}");
    assertThat(statements.get(1)).startsWith("CREATE TYPE IF NOT EXISTS perch_test.message");
  }

  @Test
  void keyspacePropertiesFollowTheReplication() {
    String keyspace = CqlSchema.statements(options.withKeyspaceProperties("AND tablets = {'enabled': false}")).get(0);
    assertThat(keyspace).endsWith("'dc1': 3} AND tablets = {'enabled': false}");
  }

  @Test
  void ttlsComeFromTheOptions() {
    List<String> statements = CqlSchema.statements(options);
    assertThat(statements).filteredOn(s -> s.contains("perch_test.updates ("))
        .singleElement().asString().contains("default_time_to_live = " + 7 * 24 * 3600);
    assertThat(statements).filteredOn(s -> s.contains("perch_test.idempotency ("))
        .singleElement().asString().contains("default_time_to_live = " + 24 * 3600);
  }
}
