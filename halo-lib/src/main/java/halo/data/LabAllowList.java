package halo.data;

import halo.Halo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The numeric observations a loader keeps as labs: a table of codes (LOINC for Synthea) with their
 * description and expected unit. Read from a CSV with columns {@code loinc,description,unit,why}
 * (see datasets/synthea/labs.csv for the default list and the reason for each entry).
 *
 * @param descriptions description of each listed code, in file order
 * @param units expected unit of each listed code
 */
public record LabAllowList(Map<String, String> descriptions, Map<String, String> units) {
  public LabAllowList {
    descriptions = Collections.unmodifiableMap(new LinkedHashMap<>(descriptions));
    units = Collections.unmodifiableMap(new LinkedHashMap<>(units));
  }

  /** The default Synthea list: datasets/synthea/labs.csv under the project root. */
  public static LabAllowList syntheaDefault() throws IOException {
    return load(Halo.root().resolve("datasets").resolve("synthea").resolve("labs.csv"));
  }

  /** Reads a list; a code listed twice is an error naming the line. */
  public static LabAllowList load(Path file) throws IOException {
    Map<String, String> descriptions = new LinkedHashMap<>();
    Map<String, String> units = new LinkedHashMap<>();
    try (CsvFile csv = CsvFile.open(file, "loinc", "description", "unit")) {
      int code = csv.require("loinc"), desc = csv.require("description"), unit = csv.require("unit");
      for (CsvFile.Row row : csv) {
        String c = row.required(code);
        if (descriptions.put(c, row.get(desc)) != null) {
          throw row.error(code, "code " + c + " is listed twice");
        }
        units.put(c, row.get(unit));
      }
    }
    if (descriptions.isEmpty()) {
      throw new IOException(file + ": the lab list is empty");
    }
    return new LabAllowList(descriptions, units);
  }

  public boolean contains(String code) {
    return descriptions.containsKey(code);
  }

  public int size() {
    return descriptions.size();
  }
}
