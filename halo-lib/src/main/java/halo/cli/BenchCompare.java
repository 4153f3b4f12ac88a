package halo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Ratios of a bench run against a saved run ({@code ./halo bench > ref.jsonl} on an earlier commit,
 * same machine): one line per model with training and generation speed-ups, and what differs
 * between the two runs (data, model shape, threads, CPU) so that a ratio is never read across
 * machines or configurations by mistake. Reads JSON lines of this and earlier versions of the bench.
 */
final class BenchCompare {
  /** Fields that must agree for a ratio to mean a speed-up of the code. */
  static final List<String> SAME = List.of("data", "vocabulary", "embedding", "layers", "heads", "context", "batch", "epochs",
      "generated_records", "threads", "cpu");

  private final List<JsonNode> reference;
  private final Path file;

  private BenchCompare(Path file, List<JsonNode> reference) {
    this.file = file;
    this.reference = reference;
  }

  /** Reads a saved run: one JSON object per line (other lines, e.g. logs, are skipped). */
  static BenchCompare read(Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.startsWith("{")) continue;
      JsonNode n = json.readTree(line);
      if (n.has("model")) lines.add(n);
    }
    if (lines.isEmpty()) throw new IllegalArgumentException(file + " holds no bench lines (JSON objects with a \"model\" field)");
    return new BenchCompare(file, lines);
  }

  /** The comparison of one line of this run with the reference line of the same model, or a line saying there is none. */
  String compare(JsonNode now) {
    String model = now.path("model").asText();
    JsonNode ref = reference.stream().filter(r -> r.path("model").asText().equals(model)).findFirst().orElse(null);
    if (ref == null) return model + ": no line for this model in " + file;
    StringBuilder s = new StringBuilder(model + " vs " + file.getFileName() + (ref.has("git") ? " (" + ref.path("git").asText() + ")" : "") + ": ");
    s.append(ratio("training", ref, now, "train_records_per_s")).append(", ");
    s.append(ratio("generation", ref, now, "generation_records_per_s"));
    s.append(String.format(Locale.ROOT, "; generated visits/record %s -> %s, codes/visit %s -> %s",
        ref.path("generated_visits_per_record").asText("?"), now.path("generated_visits_per_record").asText("?"),
        ref.path("generated_codes_per_visit").asText("?"), now.path("generated_codes_per_visit").asText("?")));
    List<String> differ = new ArrayList<>();
    for (String f : SAME) {
      // benches before "cores" existed wrote the core count as "threads", whatever PyTorch used
      String other = f.equals("threads") && !ref.has("cores") ? "cores" : f;
      if (ref.has(f) && now.has(other) && !ref.path(f).asText().equals(now.path(other).asText())) {
        differ.add(f + " " + ref.path(f).asText() + " -> " + now.path(other).asText());
      }
    }
    s.append(differ.isEmpty() ? "; same data, shape, threads and CPU" : "; NOT COMPARABLE, differs: " + String.join(", ", differ));
    return s.toString();
  }

  private static String ratio(String what, JsonNode ref, JsonNode now, String field) {
    double a = ref.path(field).asDouble(Double.NaN), b = now.path(field).asDouble(Double.NaN);
    if (!(a > 0) || !(b > 0)) return what + " ? (" + field + " missing)";
    return String.format(Locale.ROOT, "%s %.2fx (%.1f -> %.1f records/s)", what, b / a, a, b);
  }
}
