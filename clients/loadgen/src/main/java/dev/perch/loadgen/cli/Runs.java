package dev.perch.loadgen.cli;

import dev.perch.loadgen.report.Comparison;
import dev.perch.loadgen.report.Report;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/** Runs a workload against each chosen target in turn and prints what it measured. */
final class Runs {

  private Runs() {}

  /**
   * A fresh name prefix for a run's users and channels: {@code lg}, the time in base 36 and a random
   * suffix, so runs against a long-running server never share a stream.
   */
  static String newPrefix() {
    return "lg" + Long.toString(System.currentTimeMillis(), 36)
        + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
  }

  /**
   * Runs {@code workload} for each target kind, printing each report as a table and a JSON line;
   * for two targets also their comparison. Returns the process exit status.
   */
  static int each(TargetOptions targets, Function<String, Report> workload, PrintStream out) {
    List<Report> reports = new ArrayList<>();
    for (String kind : targets.kinds()) {
      Report report = workload.apply(kind);
      out.print(report.table());
      out.println(report.json());
      out.flush();
      reports.add(report);
    }
    if (reports.size() == 2) {
      Comparison comparison = new Comparison(reports.get(0), reports.get(1));
      out.print(comparison.table());
      out.println(comparison.json());
    }
    return 0;
  }
}
