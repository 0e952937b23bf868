package dev.perch.loadgen.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Plain-text tables: left-aligned columns padded to their widest cell. */
final class Tables {

  private Tables() {}

  /** {@code name=value name=value …} on one line. */
  static String inline(Map<String, Object> values) {
    return values.entrySet().stream()
        .map(e -> e.getKey() + "=" + format(e.getValue()))
        .collect(Collectors.joining(" "));
  }

  /** Whole numbers as they are, fractions with two decimals, everything else as text. */
  static String format(Object value) {
    if (value instanceof Double || value instanceof Float) {
      return String.format(Locale.ROOT, "%.2f", ((Number) value).doubleValue());
    }
    return String.valueOf(value);
  }

  static void columns(StringBuilder out, List<String> header, List<List<String>> rows) {
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    int[] widths = new int[header.size()];
    for (List<String> row : all) {
      for (int c = 0; c < widths.length; c++) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    for (List<String> row : all) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < widths.length; c++) {
        line.append(String.format(Locale.ROOT, "%-" + widths[c] + "s", row.get(c)));
        if (c < widths.length - 1) {
          line.append("  ");
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
  }
}
