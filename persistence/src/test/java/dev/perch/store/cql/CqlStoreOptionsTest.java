package dev.perch.store.cql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CqlStoreOptionsTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    CqlStoreOptions o = CqlStoreOptions.defaults();
    assertThat(o.keyspace()).isEqualTo("perch");
    assertThat(o.keyspaceProperties()).isEmpty();
    assertThat(o.consistency()).isEqualTo(ConsistencyLevel.LOCAL_QUORUM);
    assertThat(o.serialConsistency()).isEqualTo(ConsistencyLevel.LOCAL_SERIAL);
    assertThat(o.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.holeTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.updateBucketSize()).isEqualTo(10_000);
    assertThat(o.updateRetention()).isEqualTo(Duration.ofDays(30));
    assertThat(o.idempotencyWindow()).isEqualTo(Duration.ofHours(24));
    assertThat(o.updateTtlSeconds()).isEqualTo(30 * 24 * 3600);
    assertThat(o.idempotencyTtlSeconds()).isEqualTo(24 * 3600);
  }

  @Test
  void withersChangeOneFieldOnly() {
    CqlStoreOptions o = CqlStoreOptions.defaults().withKeyspace("perch_it").withUpdateBucketSize(3);
    assertThat(o.keyspace()).isEqualTo("perch_it");
    assertThat(o.updateBucketSize()).isEqualTo(3);
    assertThat(o.withKeyspace("perch")).isEqualTo(CqlStoreOptions.defaults().withUpdateBucketSize(3));
  }

  @Test
  void theRequestTimeoutMustStayUnderHalfTheHoleTimeout() {
    CqlStoreOptions o = CqlStoreOptions.defaults();
    assertThat(o.withTimeouts(Duration.ofMillis(400), Duration.ofSeconds(1)).holeTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThatThrownBy(() -> o.withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holeTimeout");
  }

  @Test
  void rejectsWhatCqlWouldRejectOrMisread() {
    CqlStoreOptions o = CqlStoreOptions.defaults();
    assertThatThrownBy(() -> o.withKeyspace("Perch")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> o.withKeyspace("perch; DROP")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> o.withReplication("SimpleStrategy")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> o.withKeyspaceProperties("tablets = {'enabled': false}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> o.withConsistency(ConsistencyLevel.SERIAL)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> o.withSerialConsistency(ConsistencyLevel.QUORUM)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> o.withUpdateBucketSize(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> o.withUpdateRetention(Duration.ofDays(365 * 21))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> o.withIdempotencyWindow(Duration.ofMillis(10))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> o.withMessageBucketSpan(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> o.withConversationsScanLimit(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
