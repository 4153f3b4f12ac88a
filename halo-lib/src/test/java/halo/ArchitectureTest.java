package halo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layout that lets a generator be added in its own package plus one registry entry: outside
 * {@code halo.model}, no code names a generator package (experiments, the CLI and training reach models
 * through {@code GenerativeModel}, capability types and {@code ModelKind}); inside, only the registry
 * does; and generator packages do not reach into each other (what they share is in {@code
 * halo.model.blocks}). Read from the sources: imports and fully qualified names in code, comments and
 * strings left out.
 */
class ArchitectureTest {
  static final Path MAIN = Path.of("src/main/java");
  static final Pattern NAMED = Pattern.compile("\\bhalo\\.model\\.([a-z]+)\\.[A-Z]");
  static final Set<String> SHARED = Set.of("blocks");

  record Use(String file, String pkg, String generator) {}

  static List<Use> uses() throws IOException {
    List<Use> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String rel = MAIN.relativize(f).toString().replace('\\', '/');
        String pkg = rel.substring(0, rel.lastIndexOf('/')).replace('/', '.');
        String code = strip(Files.readString(f));
        Matcher m = NAMED.matcher(code);
        while (m.find()) {
          String target = m.group(1);
          if (!SHARED.contains(target) && !pkg.equals("halo.model." + target)) out.add(new Use(rel, pkg, target));
        }
      }
    }
    return out;
  }

  /** Source without comments and string literals. */
  static String strip(String s) {
    return s.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "").replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"");
  }

  @Test
  void givenTheSources_whenGeneratorPackagesAreNamed_thenOnlyByTheRegistryAndTheLegacyConfigReader() throws IOException {
    Set<String> namers = new TreeSet<>();
    Set<String> generators = new TreeSet<>();
    for (Use u : uses()) {
      namers.add(u.file());
      generators.add(u.generator());
    }
    assertEquals(Set.of("halo/model/ModelKind.java", "halo/train/LegacyConfig.java"), namers,
        "only the registry names generator packages (and the reader of checkpoint formats 1 to 3, which stored EVA's and SynTEG's sizes)");
    assertTrue(generators.containsAll(Set.of("halo", "lstm", "gpt", "eva", "synteg")), "the registry names every generator: " + generators);
  }

  @Test
  void givenTheScanner_whenASourceNamesAGenerator_thenItIsFound() {
    // the rule above can fail: a use in code is seen, one in a comment or a string is not
    assertTrue(NAMED.matcher(strip("import halo.model.eva.EvaModel;")).find());
    assertTrue(NAMED.matcher(strip("x = new halo.model.gpt.GptModel(c, v);")).find());
    assertTrue(!NAMED.matcher(strip("/** {@link halo.model.gpt.GptModel} */ String s = \"halo.model.eva.EvaModel\";")).find());
  }
}
