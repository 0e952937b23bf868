package dev.perch.loadgen.measure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapAllocationTest {

  @Test
  void addsTheAllocationsOfEveryThreadInTheirUnits() {
    String dump = """
        "Reference Handler" #2 daemon prio=10 os_prio=0 cpu=3.54ms elapsed=17.53s allocated=0B defined_classes=0 tid=0x1 nid=0x2 waiting
        "Finalizer" #3 daemon prio=8 os_prio=0 cpu=0.17ms elapsed=17.53s allocated=32B defined_classes=0 tid=0x3 nid=0x4 in Object.wait()
        "reactor-http-epoll-1" #20 daemon prio=5 os_prio=0 cpu=900.00ms elapsed=60.00s allocated=12K defined_classes=3 tid=0x5 nid=0x6 runnable
        "reactor-http-epoll-2" #21 daemon prio=5 os_prio=0 cpu=901.00ms elapsed=60.00s allocated=1500M defined_classes=3 tid=0x7 nid=0x8 runnable
        "main" #1 prio=5 os_prio=0 cpu=2000.00ms elapsed=61.00s allocated=2G defined_classes=9000 tid=0x9 nid=0xa waiting
        """;

    assertThat(HeapAllocation.parse(dump)).isEqualTo(32 + (12L << 10) + (1500L << 20) + (2L << 30));
  }

  @Test
  void aDumpWithoutAllocationsCountsNothing() {
    assertThat(HeapAllocation.parse("\"main\" #1 prio=5 os_prio=0 tid=0x1 nid=0x2 waiting\n")).isZero();
  }
}
