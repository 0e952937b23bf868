package dev.perch.loadgen.report;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * One run's outcome: what was run against which target with which parameters, the results, and
 * optional detail rows (a throughput search's steps, a catch-up's rounds). Rendered as a table and
 * as one JSON line. Not thread-safe: filled by the thread that ran the workload.
 */
public final class Report {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String workload;
  private final String target;
  private final Instant date = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private final Map<String, Object> params = new LinkedHashMap<>();
  private final Map<String, Object> results = new LinkedHashMap<>();
  private final List<Map<String, Object>> rows = new ArrayList<>();

  public Report(String workload, String target) {
    this.workload = workload;
    this.target = target;
  }

  public Report param(String name, Object value) {
    params.put(name, value);
    return this;
  }

  public Report result(String name, Object value) {
    results.put(name, value);
    return this;
  }

  /** Adds a detail row; its keys become the columns of the rows table. */
  public Report row(Map<String, Object> row) {
    rows.add(new LinkedHashMap<>(row));
    return this;
  }

  public String workload() {
    return workload;
  }

  public String target() {
    return target;
  }

  public Instant date() {
    return date;
  }

  /** The results in the order they were added. */
  public Map<String, Object> results() {
    return Collections.unmodifiableMap(results);
  }

  /** The results of {@code name}, or null. */
  public Object result(String name) {
    return results.get(name);
  }

  /** A table for people: a title, the parameters, the results, then the detail rows. */
  public String table() {
    StringBuilder out = new StringBuilder();
    out.append("== ").append(workload).append(" · ").append(target).append(" · ").append(date).append('\n');
    out.append(Tables.inline(params)).append('\n');
    Tables.columns(out, List.of("result", "value"), results.entrySet().stream()
        .map(e -> List.of(e.getKey(), Tables.format(e.getValue()))).toList());
    if (!rows.isEmpty()) {
      List<String> header = List.copyOf(rows.get(0).keySet());
      Tables.columns(out, header, rows.stream()
          .map(row -> header.stream().map(column -> Tables.format(row.get(column))).toList()).toList());
    }
    return out.toString();
  }

  /** One JSON line: workload, target, date, cores, params, results and rows. */
  public String json() {
    return JSON.writeValueAsString(asMap());
  }

  Map<String, Object> asMap() {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("workload", workload);
    line.put("target", target);
    line.put("date", date.toString());
    line.put("cores", Runtime.getRuntime().availableProcessors());
    line.put("params", params);
    line.put("results", results);
    if (!rows.isEmpty()) {
      line.put("rows", rows);
    }
    return line;
  }
}
