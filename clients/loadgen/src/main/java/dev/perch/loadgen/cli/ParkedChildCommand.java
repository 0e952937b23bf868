package dev.perch.loadgen.cli;

import dev.perch.loadgen.target.Target;
import dev.perch.loadgen.workload.ParkedChild;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code parked-child}: one child process of {@code parked}; started by it, not by people. */
@Command(name = "parked-child", hidden = true)
final class ParkedChildCommand implements Callable<Integer> {

  @Mixin
  TargetOptions targets;

  @Option(names = "--prefix", required = true)
  String prefix;

  @Option(names = "--first", required = true)
  int first;

  @Option(names = "--count", required = true)
  int count;

  @Option(names = "--sources", defaultValue = "1")
  int sources;

  @Option(names = "--poll-timeout", defaultValue = "60")
  int pollTimeoutSeconds;

  @Option(names = "--rounds", defaultValue = "1")
  int rounds;

  @Option(names = "--max-seconds", defaultValue = "600")
  int maxSeconds;

  @Override
  public Integer call() {
    String kind = targets.kinds().get(0);
    try (Target target = targets.open(kind, prefix, sources)) {
      ParkedChild.run(target, first, count, rounds, Duration.ofSeconds(pollTimeoutSeconds), Duration.ofSeconds(maxSeconds),
          System.in, System.out);
    }
    return 0;
  }
}
