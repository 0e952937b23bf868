package dev.perch.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ReportTest {

  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void theJsonLineHoldsParamsResultsAndRows() {
    Report report = new Report("catchup", "perch")
        .param("updates", 10_000)
        .result("updates_per_s_median", 123_456.5)
        .row(Map.of("round", 1));

    String line = report.json();
    JsonNode node = json.readTree(line);

    assertThat(line).doesNotContain("\n");
    assertThat(node.path("workload").asString()).isEqualTo("catchup");
    assertThat(node.path("target").asString()).isEqualTo("perch");
    assertThat(node.path("params").path("updates").asInt()).isEqualTo(10_000);
    assertThat(node.path("results").path("updates_per_s_median").asDouble()).isEqualTo(123_456.5);
    assertThat(node.path("rows").get(0).path("round").asInt()).isEqualTo(1);
  }

  @Test
  void theTableListsResultsInOrderWithTwoDecimals() {
    String table = new Report("latency", "nchan").result("p99_ms", 4.56789).result("lost", 0L).table();

    assertThat(table).contains("p99_ms  4.57").contains("lost    0");
    assertThat(table.indexOf("p99_ms")).isLessThan(table.indexOf("lost"));
  }

  @Test
  void comparesNumericResultsAsPerchOverNchan() {
    Report perch = new Report("latency", "perch").result("p99_ms", 3.0).result("lost", 0L).result("note", "x");
    Report nchan = new Report("latency", "nchan").result("p99_ms", 2.0).result("lost", 0L).result("note", "y");

    Comparison comparison = new Comparison(perch, nchan);

    assertThat(comparison.ratios()).containsOnlyKeys("p99_ms");
    assertThat(comparison.ratios().get("p99_ms")).isCloseTo(1.5, within(1e-9));
    assertThat(comparison.table()).contains("p99_ms  3.00   2.00   1.50");
    assertThat(json.readTree(comparison.json()).path("ratios").path("p99_ms").asDouble()).isEqualTo(1.5);
  }
}
