package dev.perch.loadgen.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.net.InetSocketAddress;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SourceAddressesTest {

  @Test
  void takesTurnsOverLoopbackAddressesWithAnyPort() {
    SourceAddresses sources = new SourceAddresses(3);

    assertThat(IntStream.range(0, 4).mapToObj(i -> (InetSocketAddress) sources.get()))
        .extracting(a -> a.getAddress().getHostAddress(), InetSocketAddress::getPort)
        .containsExactly(
            tuple("127.0.0.1", 0),
            tuple("127.0.0.2", 0),
            tuple("127.0.0.3", 0),
            tuple("127.0.0.1", 0));
  }

  @Test
  void staysInsideTheLoopbackNetwork() {
    assertThatThrownBy(() -> new SourceAddresses(255)).isInstanceOf(IllegalArgumentException.class);
  }
}
