package dev.perch.api.checker;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Named counters and the violations the checker found, shared by every part of a run. Thread-safe
 * and non-blocking, so event loops may count. Keeps the first {@value #KEPT} violation texts and
 * counts them all.
 */
final class Tally {

  private static final int KEPT = 200;

  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
  private final Queue<String> violations = new ConcurrentLinkedQueue<>();
  private final AtomicLong violationCount = new AtomicLong();

  void count(String name) {
    add(name, 1);
  }

  void add(String name, long amount) {
    counters.computeIfAbsent(name, n -> new LongAdder()).add(amount);
  }

  long get(String name) {
    LongAdder adder = counters.get(name);
    return adder == null ? 0 : adder.sum();
  }

  /** The sum of every counter whose name starts with {@code prefix}. */
  long sumOf(String prefix) {
    return counters.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .mapToLong(e -> e.getValue().sum())
        .sum();
  }

  /** Records a broken guarantee, stamped with the wall-clock time, to line it up with logs and faults. */
  void violation(String text) {
    if (violationCount.incrementAndGet() <= KEPT) {
      violations.add(LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " " + text);
    }
  }

  long violationCount() {
    return violationCount.get();
  }

  List<String> violations() {
    return new ArrayList<>(violations);
  }

  /** Every counter, sorted by name. */
  Map<String, Long> counters() {
    Map<String, Long> sorted = new TreeMap<>();
    counters.forEach((name, adder) -> sorted.put(name, adder.sum()));
    return sorted;
  }
}
