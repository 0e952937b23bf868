/**
 * What a run measures: delivery accounting, latency histograms, send pacing and server memory.
 * Pure logic apart from {@link dev.perch.loadgen.measure.ServerMemory}, which reads /proc and
 * asks the JVM.
 */
package dev.perch.loadgen.measure;
