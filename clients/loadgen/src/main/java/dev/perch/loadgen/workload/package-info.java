/**
 * The benchmark workloads: fixed-rate latency, the throughput search, parked capacity (over child
 * processes) and catch-up. Each is bounded in message count and in time, and reports through
 * {@link dev.perch.loadgen.report.Report}.
 */
package dev.perch.loadgen.workload;
