package halo.experiment;

import halo.Halo;
import halo.eval.EvaluationSuite;
import halo.report.Chart;
import halo.report.Provenance;
import halo.report.Results;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tech.tablesaw.api.Table;

/**
 * What an experiment produced: named tables and charts, in the order a reader should see them, and
 * the provenance (data, vocabulary, configuration, seed, checkpoints) written beside every export.
 */
public record ExperimentResult(String experiment, Provenance provenance, Map<String, Table> tables, Map<String, Chart> charts) {
  public ExperimentResult {
    tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
    charts = Collections.unmodifiableMap(new LinkedHashMap<>(charts));
  }

  /** A table by name; an unknown name lists the known ones. */
  public Table table(String name) {
    Table t = tables.get(name);
    if (t == null) throw new IllegalArgumentException("no table '" + name + "' in " + experiment + ": " + tables.keySet());
    return t;
  }

  /** A chart by name; an unknown name lists the known ones. */
  public Chart chart(String name) {
    Chart c = charts.get(name);
    if (c == null) throw new IllegalArgumentException("no chart '" + name + "' in " + experiment + ": " + charts.keySet());
    return c;
  }

  /**
   * Writes every table (CSV, Markdown, LaTeX) and chart (PNG, interactive HTML) with provenance
   * sidecars to {@code results/<experiment>/} — or, for a smoke-scale result, to
   * build/results-smoke/ (see {@link Workbench#resultsRoot}).
   *
   * @return a one-line summary naming the folder and the number of files
   */
  public String export() throws IOException {
    return export(new Results(Workbench.resultsRoot(scale()).resolve(experiment), provenance));
  }

  /** The scale the result was made at, as its provenance records it ("scale smoke; ..."). */
  public Scale scale() {
    Matcher m = Pattern.compile("^scale (\\w+)").matcher(provenance.config());
    return m.find() ? Scale.parse(m.group(1)) : Scale.DEFAULT;
  }

  /** As {@link #export()}, into {@code results}. */
  public String export(Results results) throws IOException {
    List<Path> files = new ArrayList<>();
    for (var e : tables.entrySet()) files.addAll(results.table(e.getValue(), e.getKey()));
    for (var e : charts.entrySet()) files.addAll(results.chart(e.getValue(), e.getKey()));
    return "wrote %d files (%d tables, %d charts) to %s".formatted(files.size(), tables.size(), charts.size(), shown(results.dir()));
  }

  /** The folder relative to the project root when it lies inside it (notebook outputs stay the same on every machine). */
  static String shown(Path dir) {
    try {
      Path root = Halo.root().toAbsolutePath().normalize();
      Path d = dir.toAbsolutePath().normalize();
      return d.startsWith(root) ? root.relativize(d).toString() : d.toString();
    } catch (IllegalStateException e) {
      return dir.toString(); // no project root (a library user elsewhere)
    }
  }

  /** Accumulates tables and charts while an experiment runs. */
  public static final class Builder {
    private final String experiment;
    private final Provenance provenance;
    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final Map<String, Chart> charts = new LinkedHashMap<>();

    public Builder(String experiment, Provenance provenance) {
      this.experiment = experiment;
      this.provenance = provenance;
    }

    public Builder table(String name, Table t) {
      tables.put(name, t);
      return this;
    }

    public Builder chart(String name, Chart c) {
      charts.put(name, c);
      return this;
    }

    /** Every table and chart of a metric family's report, in its order. */
    public Builder report(EvaluationSuite.Report r) {
      tables.putAll(r.tables());
      charts.putAll(r.charts());
      return this;
    }

    public ExperimentResult build() {
      return new ExperimentResult(experiment, provenance, tables, charts);
    }
  }
}
