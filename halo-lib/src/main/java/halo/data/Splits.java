package halo.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Train / validation / test patient ids (protocol Part B §1.6): 20% test, then 10% of the rest for
 * validation, drawn with a seeded shuffle of the ids in sorted order, so the split depends only on the
 * set of ids and the seed. Not bit-identical to sklearn's split (that would need numpy's MT19937).
 */
public record Splits(List<String> train, List<String> validation, List<String> test, long seed) {
  public Splits {
    train = List.copyOf(train);
    validation = List.copyOf(validation);
    test = List.copyOf(test);
    Set<String> seen = new HashSet<>();
    for (List<String> part : List.of(train, validation, test)) {
      for (String id : part) {
        if (!seen.add(id)) throw new IllegalArgumentException("patient id '" + id + "' is in two splits");
      }
    }
  }

  /** 0.8/0.2, then 0.9/0.1 of the 0.8, seeded. */
  public static Splits of(List<String> ids, long seed) {
    List<String> sorted = new ArrayList<>(new TreeSet<>(ids));
    if (sorted.size() != ids.size()) throw new IllegalArgumentException("patient ids are not unique");
    Collections.shuffle(sorted, new Random(seed));
    int nTest = (int) Math.ceil(0.2 * sorted.size());
    List<String> rest = sorted.subList(nTest, sorted.size());
    int nVal = (int) Math.ceil(0.1 * rest.size());
    return new Splits(rest.subList(nVal, rest.size()), rest.subList(0, nVal), sorted.subList(0, nTest), seed);
  }

  /** Writes train.txt, validation.txt and test.txt (one id per line) into {@code dir}. */
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve("train.txt"), train);
    Files.write(dir.resolve("validation.txt"), validation);
    Files.write(dir.resolve("test.txt"), test);
    Files.writeString(dir.resolve("seed.txt"), Long.toString(seed) + "\n");
  }

  public static Splits load(Path dir) throws IOException {
    for (String f : List.of("train.txt", "validation.txt", "test.txt")) {
      if (!Files.isRegularFile(dir.resolve(f))) throw new IOException("split file missing: " + dir.resolve(f));
    }
    long seed = Files.isRegularFile(dir.resolve("seed.txt")) ? Long.parseLong(Files.readString(dir.resolve("seed.txt")).strip()) : -1;
    return new Splits(lines(dir.resolve("train.txt")), lines(dir.resolve("validation.txt")), lines(dir.resolve("test.txt")), seed);
  }

  private static List<String> lines(Path f) throws IOException {
    return Files.readAllLines(f).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
