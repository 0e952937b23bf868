package dev.perch.store.cql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class CqlSessionsTest {

  @Test
  void contactPointsAreHostsWithAnOptionalPort() {
    assertThat(CqlSessions.parseContactPoints("127.0.0.1:9142, 127.0.0.2"))
        .containsExactly(new InetSocketAddress("127.0.0.1", 9142), new InetSocketAddress("127.0.0.2", 9042));
  }

  @Test
  void rejectsNoContactPointOrABadPort() {
    assertThatThrownBy(() -> CqlSessions.parseContactPoints(" , ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CqlSessions.parseContactPoints("127.0.0.1:cql")).isInstanceOf(IllegalArgumentException.class);
  }
}
