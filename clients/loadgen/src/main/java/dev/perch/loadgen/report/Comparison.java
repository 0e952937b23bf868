package dev.perch.loadgen.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The same workload run against Perch and Nchan in one invocation: both results side by side and
 * the Perch/Nchan ratio of every numeric result the two share (above 1 means Perch's figure is the
 * larger, which is better for rates and worse for latencies and memory).
 */
public final class Comparison {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Report perch;
  private final Report nchan;

  public Comparison(Report perch, Report nchan) {
    if (!perch.workload().equals(nchan.workload())) {
      throw new IllegalArgumentException("compare runs of one workload");
    }
    this.perch = perch;
    this.nchan = nchan;
  }

  /** Perch/Nchan for every result that is a number in both runs and non-zero for Nchan. */
  public Map<String, Double> ratios() {
    Map<String, Double> ratios = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : perch.results().entrySet()) {
      Object theirs = nchan.result(entry.getKey());
      if (entry.getValue() instanceof Number ours && theirs instanceof Number other && other.doubleValue() != 0) {
        ratios.put(entry.getKey(), ours.doubleValue() / other.doubleValue());
      }
    }
    return ratios;
  }

  public String table() {
    StringBuilder out = new StringBuilder();
    out.append("== ").append(perch.workload()).append(" · perch vs nchan\n");
    Map<String, Double> ratios = ratios();
    List<List<String>> rows = new ArrayList<>();
    for (Map.Entry<String, Object> entry : perch.results().entrySet()) {
      Double ratio = ratios.get(entry.getKey());
      rows.add(List.of(
          entry.getKey(),
          Tables.format(entry.getValue()),
          Tables.format(nchan.result(entry.getKey())),
          ratio == null ? "-" : Tables.format(ratio)));
    }
    Tables.columns(out, List.of("result", "perch", "nchan", "perch/nchan"), rows);
    return out.toString();
  }

  /** One JSON line: both runs whole and the ratios. */
  public String json() {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("workload", perch.workload());
    line.put("target", "perch/nchan");
    line.put("date", perch.date().toString());
    line.put("ratios", ratios());
    line.put("perch", perch.asMap());
    line.put("nchan", nchan.asMap());
    return JSON.writeValueAsString(line);
  }
}
