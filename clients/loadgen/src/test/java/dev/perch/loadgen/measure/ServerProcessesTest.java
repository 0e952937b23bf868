package dev.perch.loadgen.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServerProcessesTest {

  @Test
  void noneMeasuresNothing() {
    ServerProcesses none = new ServerProcesses(List.of(0L));

    assertThat(none.isEmpty()).isTrue();
    assertThat(none.cpuMillis()).isEqualTo(-1);
    assertThat(none.memory(false)).isNull();
  }

  @Test
  void addsUpTheCpuTimeOfTheProcessesItNames() {
    long self = ProcessHandle.current().pid();
    long once = new ServerProcesses(List.of(self)).cpuMillis();

    assertThat(once).isNotNegative();
    assertThat(new ServerProcesses(List.of(self, self)).cpuMillis()).isGreaterThanOrEqualTo(2 * once);
  }

  @Test
  void aProcessThatIsGoneMakesTheCpuTimeUnknown() {
    assertThat(new ServerProcesses(List.of(ProcessHandle.current().pid(), Long.MAX_VALUE)).cpuMillis()).isEqualTo(-1);
  }
}
