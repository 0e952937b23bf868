package dev.perch.loadgen;

import dev.perch.loadgen.cli.Commands;
import io.netty.util.ResourceLeakDetector;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code perch-loadgen}: the benchmark load generator. Drives Perch, and Nchan for comparison, over
 * plain HTTP on loopback only; every workload is bounded in messages and in time, and prints a
 * table and one JSON line per run. See docs/benchmarks.md.
 */
@Command(name = "perch-loadgen", mixinStandardHelpOptions = true, version = "perch-loadgen 0.1.0",
    description = "Load generator for Perch and Nchan: latency, throughput, parked, catchup.")
public final class Loadgen implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "name a workload: latency, throughput, parked or catchup");
  }

  public static void main(String[] args) {
    // Every buffer the generator allocates is released on one path it owns (tests keep Netty's
    // default sampling); tracking a sample of them costs CPU on the hot path.
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    System.exit(Commands.register(new CommandLine(new Loadgen())).execute(args));
  }
}
