package halo.data;

import halo.Halo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Chronic-condition labels defined by condition codes: a patient has label {@code l} when any of its
 * condition codes maps to {@code l}. Read from a CSV with columns {@code label,code,description}; label
 * order is the order of first appearance in the file. For Synthea the table is
 * datasets/synthea/chronic-labels.csv: the 11 chronic families of the paper's outpatient data, mapped
 * from the SNOMED-CT codes that occur in a 10,000-patient Synthea 3.3.0 export.
 *
 * @param labels label names in order
 * @param labelOfCode the label of each mapped code (a code maps to one label)
 */
public record ChronicLabelMap(List<String> labels, Map<String, String> labelOfCode) {
  public ChronicLabelMap {
    labels = List.copyOf(labels);
    labelOfCode = Collections.unmodifiableMap(new HashMap<>(labelOfCode));
    for (var e : labelOfCode.entrySet()) {
      if (!labels.contains(e.getValue())) {
        throw new IllegalArgumentException("code " + e.getKey() + " maps to unknown label " + e.getValue());
      }
    }
  }

  /** The default Synthea table: datasets/synthea/chronic-labels.csv under the project root. */
  public static ChronicLabelMap syntheaDefault() throws IOException {
    return load(Halo.root().resolve("datasets").resolve("synthea").resolve("chronic-labels.csv"));
  }

  /** Reads a table; a code mapped to two labels is an error naming the line. */
  public static ChronicLabelMap load(Path file) throws IOException {
    Map<String, String> map = new LinkedHashMap<>();
    List<String> labels = new ArrayList<>();
    try (CsvFile csv = CsvFile.open(file, "label", "code")) {
      int label = csv.require("label"), code = csv.require("code");
      for (CsvFile.Row row : csv) {
        String l = row.required(label), c = row.required(code);
        String before = map.put(c, l);
        if (before != null) {
          throw row.error(code, "code " + c + " is mapped to both '" + before + "' and '" + l + "'");
        }
        if (!labels.contains(l)) labels.add(l);
      }
    }
    return new ChronicLabelMap(labels, map);
  }

  /** The labels any of {@code codes} maps to. */
  public SortedSet<String> labelsOf(Collection<String> codes) {
    SortedSet<String> out = new TreeSet<>();
    for (String c : codes) {
      String l = labelOfCode.get(c);
      if (l != null) out.add(l);
    }
    return out;
  }

  /** The label of one code, or null. */
  public String labelOf(String code) {
    return labelOfCode.get(code);
  }
}
