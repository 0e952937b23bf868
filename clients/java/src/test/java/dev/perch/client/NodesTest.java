package dev.perch.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NodesTest {

  @Test
  void aFailureMovesOnInARing() {
    Nodes nodes = new Nodes(List.of("a", "b", "c"));
    assertThat(nodes.current()).isEqualTo("a");
    nodes.failed("a");
    assertThat(nodes.current()).isEqualTo("b");
    nodes.failed("b");
    nodes.failed("c");
    assertThat(nodes.current()).isEqualTo("a");
  }

  @Test
  void aLateFailureOfANodeAlreadyLeftChangesNothing() {
    Nodes nodes = new Nodes(List.of("a", "b", "c"));
    nodes.failed("a");
    nodes.failed("a");
    assertThat(nodes.current()).isEqualTo("b");
  }

  @Test
  void oneNodeStaysCurrent() {
    Nodes nodes = new Nodes(List.of("a"));
    nodes.failed("a");
    assertThat(nodes.current()).isEqualTo("a");
  }
}
