package dev.perch.loadgen.cli;

import picocli.CommandLine;

/** Registers the workload subcommands on the top-level command. */
public final class Commands {

  private Commands() {}

  /** {@code top} with {@code latency}, {@code throughput}, {@code parked}, {@code catchup} (and the hidden child). */
  public static CommandLine register(CommandLine top) {
    return top
        .addSubcommand(new LatencyCommand())
        .addSubcommand(new ThroughputCommand())
        .addSubcommand(new ParkedCommand())
        .addSubcommand(new CatchupCommand())
        .addSubcommand(new ParkedChildCommand());
  }
}
