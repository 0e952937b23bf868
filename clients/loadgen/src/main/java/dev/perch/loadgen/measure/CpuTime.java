package dev.perch.loadgen.measure;

import java.time.Duration;

/**
 * CPU time (user + system) used by a process and its live descendants, as the kernel accounts it.
 * Unlike latency, CPU time per message hardly changes when other work shares the machine, so it
 * compares servers even on a busy box.
 */
public final class CpuTime {

  private CpuTime() {}

  /** Milliseconds of CPU used so far by {@code pid} and its descendants; -1 when {@code pid} is 0 or gone. */
  public static long millis(long pid) {
    if (pid <= 0) {
      return -1;
    }
    return ProcessHandle.of(pid).map(root -> {
      long total = cpu(root);
      for (ProcessHandle child : root.descendants().toList()) {
        total += cpu(child);
      }
      return total;
    }).orElse(-1L);
  }

  /** Milliseconds of CPU this generator process has used so far. */
  public static long ownMillis() {
    return cpu(ProcessHandle.current());
  }

  private static long cpu(ProcessHandle process) {
    return process.info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
  }
}
