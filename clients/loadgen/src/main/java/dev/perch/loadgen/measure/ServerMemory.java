package dev.perch.loadgen.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Samples a server's memory from outside: resident set (VmRSS) and proportional set (Pss, which
 * splits shared pages such as Nchan's shared memory zone among the processes mapping them) of the
 * process and all its descendants, from /proc; and, for a JVM, the heap in use after a full GC, from
 * {@code jcmd}. Called between phases of a run, never while measuring latency: the GC it asks for
 * pauses the server.
 */
public final class ServerMemory {

  private static final Pattern USED = Pattern.compile("used (\\d+)K");

  private ServerMemory() {}

  /**
   * A sample of {@code pid} and its descendants.
   *
   * @param collectFirst for a JVM, run a full GC before reading the heap, so it counts live objects
   */
  public static Sample sample(long pid, boolean collectFirst) {
    ProcessHandle root = ProcessHandle.of(pid)
        .orElseThrow(() -> new IllegalArgumentException("no process " + pid));
    List<ProcessHandle> processes = new ArrayList<>();
    processes.add(root);
    root.descendants().forEach(processes::add);
    long rss = 0;
    long pss = 0;
    for (ProcessHandle process : processes) {
      rss += kib(read(Path.of("/proc", Long.toString(process.pid()), "status")), "VmRSS");
      pss += kib(read(Path.of("/proc", Long.toString(process.pid()), "smaps_rollup")), "Pss");
    }
    long heap = Jcmd.isJvm(root) ? heapUsedKib(pid, collectFirst) : -1;
    return new Sample(rss, pss, heap, processes.size());
  }

  /** The value in kB of a {@code Field:   123 kB} line of a /proc file; 0 when absent. */
  static long kib(String procText, String field) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(field) + ":\\s+(\\d+) kB").matcher(procText);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  /**
   * The heap in use from {@code jcmd PID GC.heap_info}: the sum of {@code used NK} on the lines
   * that describe a heap or generation (they say {@code total}; Metaspace lines do not).
   */
  static long heapUsed(String heapInfo) {
    long used = 0;
    for (String line : heapInfo.split("\n")) {
      if (line.contains("total")) {
        Matcher m = USED.matcher(line);
        if (m.find()) {
          used += Long.parseLong(m.group(1));
        }
      }
    }
    return used;
  }

  private static long heapUsedKib(long pid, boolean collectFirst) {
    if (collectFirst) {
      Jcmd.run(pid, "GC.run");
    }
    return heapUsed(Jcmd.run(pid, "GC.heap_info"));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Memory of a process tree.
   *
   * @param rssKib VmRSS summed over the processes
   * @param pssKib Pss summed over the processes: shared pages counted once in all
   * @param heapUsedKib a JVM's heap in use, -1 for other servers
   * @param processes how many processes were sampled
   */
  public record Sample(long rssKib, long pssKib, long heapUsedKib, int processes) {}
}
