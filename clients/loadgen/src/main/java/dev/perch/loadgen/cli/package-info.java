/** The command line: one picocli subcommand per workload, and the options that pick the targets. */
package dev.perch.loadgen.cli;
