package halo.experiment;

import java.util.LinkedHashMap;
import java.util.Map;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * What an experiment produced: named tables and figures, in the order a reader should see them, and
 * a one-line description of the data, scale and seeds that made them (written beside every export).
 */
public record ExperimentResult(String experiment, String provenance, Map<String, Table> tables, Map<String, Figure> figures) {
  public ExperimentResult {
    tables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tables));
    figures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures));
  }

  /** A table by name; an unknown name lists the known ones. */
  public Table table(String name) {
    Table t = tables.get(name);
    if (t == null) throw new IllegalArgumentException("no table '" + name + "' in " + experiment + ": " + tables.keySet());
    return t;
  }

  public Figure figure(String name) {
    Figure f = figures.get(name);
    if (f == null) throw new IllegalArgumentException("no figure '" + name + "' in " + experiment + ": " + figures.keySet());
    return f;
  }

  /** Accumulates tables and figures while an experiment runs. */
  public static final class Builder {
    private final String experiment;
    private final String provenance;
    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final Map<String, Figure> figures = new LinkedHashMap<>();

    public Builder(String experiment, String provenance) {
      this.experiment = experiment;
      this.provenance = provenance;
    }

    public Builder table(String name, Table t) {
      tables.put(name, t);
      return this;
    }

    public Builder figure(String name, Figure f) {
      figures.put(name, f);
      return this;
    }

    public ExperimentResult build() {
      return new ExperimentResult(experiment, provenance, tables, figures);
    }
  }
}
