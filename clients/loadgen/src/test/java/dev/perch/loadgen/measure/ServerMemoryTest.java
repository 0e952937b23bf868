package dev.perch.loadgen.measure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerMemoryTest {

  @Test
  void readsAKilobyteFieldOfAProcFile() {
    String status = "Name:\tjava\nVmPeak:\t 9000000 kB\nVmRSS:\t  382000 kB\nRssAnon:\t  300000 kB\n";

    assertThat(ServerMemory.kib(status, "VmRSS")).isEqualTo(382000);
    assertThat(ServerMemory.kib(status, "Pss")).isZero();
  }

  @Test
  void readsTheHeapInUseOfG1() {
    String heapInfo = """
        25188:
         garbage-first heap   total 262144K, used 41204K [0x00000000a0000000, 0x0000000100000000)
          region size 1024K, 12 young (12288K), 1 survivors (1024K)
         Metaspace       used 49011K, committed 49600K, reserved 1097728K
          class space    used 6441K, committed 6720K, reserved 1048576K
        """;

    assertThat(ServerMemory.heapUsed(heapInfo)).isEqualTo(41204);
  }

  @Test
  void addsTheGenerationsOfAGenerationalCollector() {
    String heapInfo = """
        123:
         def new generation   total 19648K, used 1200K [0x0, 0x0, 0x0)
          eden space 17472K,   6% used [0x0, 0x0, 0x0)
         tenured generation   total 43712K, used 8000K [0x0, 0x0, 0x0)
         Metaspace       used 900K, committed 1000K, reserved 1056768K
        """;

    assertThat(ServerMemory.heapUsed(heapInfo)).isEqualTo(9200);
  }
}
