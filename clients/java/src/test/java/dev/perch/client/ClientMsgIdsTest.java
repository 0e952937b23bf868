package dev.perch.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientMsgIdsTest {

  @Test
  void keysAreUniquePrintableAsciiWithinTheApisLimit() {
    ClientMsgIds ids = new ClientMsgIds();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = ids.next();
      assertThat(id).hasSizeLessThanOrEqualTo(128).matches("[!-~]+");
      assertThat(seen.add(id)).isTrue();
    }
  }

  @Test
  void twoGeneratorsDoNotShareKeys() {
    assertThat(new ClientMsgIds().next()).isNotEqualTo(new ClientMsgIds().next());
  }
}
