/** Run results: a readable table for people and one JSON line per run for tools. */
package dev.perch.loadgen.report;
