package dev.perch.loadgen.measure;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bytes a JVM server has allocated on its heap so far, summed over its live threads, from
 * {@code jcmd PID Thread.print -e} (each thread's {@code allocated=}). Allocation per message is
 * work the server did that, unlike CPU time, does not change at all when other processes share
 * the cores. A thread dump stops the server for a moment, so it is taken only at the ends of a
 * measured span. Threads that end inside the span take their allocations with them; a server's
 * request threads live as long as it does.
 */
public final class HeapAllocation {

  private static final Pattern ALLOCATED = Pattern.compile("\\ballocated=(\\d+)([BKMG])\\b");

  private HeapAllocation() {}

  /** Bytes allocated so far by the threads of JVM {@code pid}; -1 when it is gone or not a JVM. */
  public static long bytes(long pid) {
    boolean jvm = ProcessHandle.of(pid).map(Jcmd::isJvm).orElse(false);
    return jvm ? parse(Jcmd.run(pid, "Thread.print", "-e")) : -1;
  }

  /** The sum of the {@code allocated=} sizes in a thread dump (jcmd prints them as B, K, M or G). */
  static long parse(String threadDump) {
    long total = 0;
    Matcher m = ALLOCATED.matcher(threadDump);
    while (m.find()) {
      long value = Long.parseLong(m.group(1));
      total += switch (m.group(2)) {
        case "K" -> value << 10;
        case "M" -> value << 20;
        case "G" -> value << 30;
        default -> value;
      };
    }
    return total;
  }
}
