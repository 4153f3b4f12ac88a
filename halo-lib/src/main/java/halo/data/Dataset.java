package halo.data;

import halo.Halo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An encoded dataset on disk: the vocabulary, all patients encoded with it, and the splits. This is
 * what models train on and experiments evaluate. Layout of its folder:
 *
 * <pre>
 *   vocabulary.json      the fitted vocabulary (readable)
 *   cohort.halo          every patient, encoded ({@link EncodedCohort} binary format)
 *   splits/              train.txt, validation.txt, test.txt, seed.txt (patient ids)
 *   encoding.txt         what encoding dropped, clipped or truncated
 * </pre>
 */
public record Dataset(String name, Vocabulary vocabulary, EncodedCohort cohort, Splits splits) {

  /** Maximum visits per record in the default layout: HALO's n_ctx = 48 rows minus start and label rows. */
  public static final int DEFAULT_MAX_VISITS = 46;

  public Dataset {
    if (!vocabulary.hash().equals(cohort.vocabularyHash())) {
      throw new IllegalArgumentException("dataset " + name + ": cohort encoded with vocabulary "
          + cohort.vocabularyHash() + ", vocabulary given is " + vocabulary.hash());
    }
  }

  /** The folder of the embedded default cohort: datasets/default under the project root. */
  public static Path defaultDir() {
    return Halo.root().resolve("datasets").resolve("default");
  }

  /** The embedded default cohort. */
  public static Dataset loadDefault() throws IOException {
    return load(defaultDir());
  }

  public static Dataset load(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("dataset folder not found: " + dir);
    }
    Vocabulary v = Vocabulary.load(dir.resolve("vocabulary.json"));
    EncodedCohort c = EncodedCohort.load(dir.resolve("cohort.halo"), v);
    Splits s = Splits.load(dir.resolve("splits"));
    Set<String> ids = new HashSet<>();
    c.patients().forEach(p -> ids.add(p.id()));
    for (List<String> part : List.of(s.train(), s.validation(), s.test())) {
      for (String id : part) {
        if (!ids.contains(id)) {
          throw new IOException(dir.resolve("splits") + ": patient '" + id + "' is not in " + dir.resolve("cohort.halo"));
        }
      }
    }
    return new Dataset(dir.getFileName().toString(), v, c, s);
  }

  public void save(Path dir, String encodingReport) throws IOException {
    Files.createDirectories(dir);
    vocabulary.save(dir.resolve("vocabulary.json"));
    cohort.save(dir.resolve("cohort.halo"));
    splits.save(dir.resolve("splits"));
    Files.writeString(dir.resolve("encoding.txt"), encodingReport + "\n");
  }

  public EncodedCohort train() {
    return cohort.select(splits.train());
  }

  public EncodedCohort validation() {
    return cohort.select(splits.validation());
  }

  public EncodedCohort test() {
    return cohort.select(splits.test());
  }

  /** The result of {@link #build}: the dataset and the encoder's report. */
  public record Built(Dataset dataset, Encoder.Report report) {}

  /**
   * Splits a loaded cohort, fits the vocabulary on its training split only and encodes every patient
   * with it (validation/test codes unseen in training are dropped and counted).
   */
  public static Built build(Cohort cohort, VocabularyConfig config, int maxVisits, long splitSeed) {
    Splits splits = Splits.of(cohort.patients().stream().map(Patient::id).toList(), splitSeed);
    Set<String> train = new HashSet<>(splits.train());
    List<Patient> trainPatients = cohort.patients().stream().filter(p -> train.contains(p.id())).toList();
    Vocabulary vocabulary = Vocabulary.fit(trainPatients, cohort.chronicLabels(), cohort.labelDefinition(), cohort.descriptions(), config);
    Encoder.Result r = new Encoder(vocabulary, maxVisits).encode(cohort.patients());
    return new Built(new Dataset(cohort.name(), vocabulary, r.cohort(), splits), r.report());
  }
}
