package dev.perch.loadgen.measure;

import java.util.List;

/**
 * The server processes a run measures (several for a run over several nodes), each with its
 * descendants; empty when none were named, and then nothing is measured.
 */
public record ServerProcesses(List<Long> pids) {

  public ServerProcesses {
    pids = pids.stream().filter(pid -> pid > 0).toList();
  }

  public static ServerProcesses none() {
    return new ServerProcesses(List.of());
  }

  public boolean isEmpty() {
    return pids.isEmpty();
  }

  /** CPU milliseconds used so far by all of them; -1 when none is named or one is gone. */
  public long cpuMillis() {
    if (pids.isEmpty()) {
      return -1;
    }
    long total = 0;
    for (long pid : pids) {
      long cpu = CpuTime.millis(pid);
      if (cpu < 0) {
        return -1;
      }
      total += cpu;
    }
    return total;
  }

  /**
   * Heap bytes allocated so far by all of them (see {@link HeapAllocation}); -1 when none is named
   * or one is not a JVM.
   */
  public long allocatedBytes() {
    if (pids.isEmpty()) {
      return -1;
    }
    long total = 0;
    for (long pid : pids) {
      long allocated = HeapAllocation.bytes(pid);
      if (allocated < 0) {
        return -1;
      }
      total += allocated;
    }
    return total;
  }

  /** Their memory added up (see {@link ServerMemory#sample}); null when none is named. */
  public ServerMemory.Sample memory(boolean collectFirst) {
    if (pids.isEmpty()) {
      return null;
    }
    long rss = 0;
    long pss = 0;
    long heap = 0;
    int processes = 0;
    for (long pid : pids) {
      ServerMemory.Sample sample = ServerMemory.sample(pid, collectFirst);
      rss += sample.rssKib();
      pss += sample.pssKib();
      heap = heap < 0 || sample.heapUsedKib() < 0 ? -1 : heap + sample.heapUsedKib();
      processes += sample.processes();
    }
    return new ServerMemory.Sample(rss, pss, heap, processes);
  }
}
