package halo.cli;

import halo.data.Dataset;
import halo.data.EncodedCohort;
import halo.data.EncodedPatient;
import halo.data.PatientMatrix;
import halo.eval.EvaluationBenchmark;
import halo.eval.EvaluationSuite;
import halo.eval.lm.TeacherForcedScorer;
import halo.eval.utility.BiLstmClassifier;
import halo.eval.utility.LogisticBaseline;
import halo.eval.utility.RecordClassifier;
import halo.model.Capabilities;
import halo.model.GenerativeModel;
import halo.model.VisitProbabilities;
import halo.report.Provenance;
import halo.report.Results;
import halo.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine;
import tech.tablesaw.api.Table;

/**
 * {@code halo evaluate}: runs one metric family ({@link EvaluationSuite}, the same wiring and paper sizes
 * the notebooks' experiments use) on a dataset's real splits and given synthetic cohorts, and writes its
 * tables (CSV, Markdown, LaTeX) and charts (PNG, HTML) with provenance into results/&lt;experiment&gt;/
 * ({@code --family all}: one sub-folder per family).
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Run a metric family on real and synthetic data and write its tables and figures.",
      "Synthetic cohorts are encoded files (.halo) made with the dataset's vocabulary.",
      "The lm and imputation families and the likelihood membership attack need trained models: --model NAME=CHECKPOINT."
    })
public final class EvaluateCommand implements Callable<Integer> {
  /** Metric families the command runs. */
  enum Family { lm, similarity, matrix, privacy, utility, rare, continuous, imputation, all }

  @Option(names = "--family", description = "lm | similarity | matrix | privacy | utility | rare | continuous | imputation | all")
  Family family;

  @Option(names = "--data", description = "dataset folder (default: datasets/default)")
  Path data;

  @Option(names = "--synthetic", paramLabel = "NAME=FILE", description = "a synthetic encoded cohort (repeatable)")
  Map<String, Path> synthetic = new LinkedHashMap<>();

  @Option(names = "--model", paramLabel = "NAME=CHECKPOINT", completionCandidates = ModelIds.class,
      description = "A trained model checkpoint (repeatable), NAME one of ${COMPLETION-CANDIDATES}: scored by the lm and imputation families"
          + " (models without per-code visit probabilities get a 'not applicable' row) and attacked by the likelihood membership attack.")
  Map<String, Path> modelFiles = new LinkedHashMap<>();

  @Option(names = "--impute-records", defaultValue = "" + EvaluationSuite.IMPUTATION_RECORDS,
      description = "imputation family: test records per task (default: ${DEFAULT-VALUE})")
  int imputeRecords;

  @Option(names = "--experiment", defaultValue = "evaluation",
      description = "results/<experiment>/ (default: ${DEFAULT-VALUE}); --family all writes one sub-folder per family")
  String experiment;

  @Option(names = "--out", description = "output folder instead of results/<experiment>/")
  Path out;

  @Option(names = "--seed", defaultValue = "4", description = "seed of every draw (default: ${DEFAULT-VALUE}; bootstrap intervals keep the authors' seed 4)")
  long seed;

  @Option(names = "--classifier", split = ",", defaultValue = "logistic",
      description = "utility classifiers: logistic, bilstm (default: ${DEFAULT-VALUE})")
  List<String> classifiers;

  @Option(names = "--epochs", defaultValue = "25", description = "BiLSTM epochs (paper: 25)")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "512", description = "BiLSTM batch size (paper: 512)")
  int batchSize;

  @Option(names = "--kinds", defaultValue = "dx",
      description = "matrix family: the code kinds of the patient x code matrix every cohort is projected onto, dx, px, rx, lab, gap"
          + " separated by commas, or all (default: ${DEFAULT-VALUE}, as the LLM-generator comparison)")
  String kinds;

  @Option(names = "--label", description = "rare family: the label name to augment")
  String label;

  @Option(names = "--positives", description = "rare family: encoded cohort of label-conditioned synthetic positives")
  Path positives;

  @Option(names = "--checkpoint", description = "model checkpoint the synthetic data came from (hashed into the provenance)")
  Path checkpoint;

  @Option(names = "--bench", description = "run the evaluation speed benchmark on generated data and exit")
  boolean bench;

  @Option(names = "--bench-records", defaultValue = "100000", description = "records of the bigram benchmark")
  int benchRecords;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    System.setProperty("java.awt.headless", "true");
    OptionChecks.range(spec, "--epochs", epochs, 1, 100_000);
    OptionChecks.range(spec, "--batch-size", batchSize, 1, 1_000_000);
    OptionChecks.range(spec, "--bench-records", benchRecords, 1, 100_000_000);
    OptionChecks.range(spec, "--impute-records", imputeRecords, 1, 100_000_000);
    OptionChecks.exists(spec, "--data", data);
    OptionChecks.exists(spec, "--positives", positives);
    OptionChecks.exists(spec, "--checkpoint", checkpoint);
    for (Path f : synthetic.values()) OptionChecks.exists(spec, "--synthetic", f);
    for (Path f : modelFiles.values()) OptionChecks.exists(spec, "--model", f);
    try {
      PatientMatrix.parseKinds(kinds);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--kinds '" + kinds + "': " + e.getMessage());
    }
    if (bench) {
      System.out.println(EvaluationBenchmark.run(benchRecords, 30, 10, 7_000, 10_000, 3));
      return 0;
    }
    if (family == null) {
      throw new ParameterException(spec.commandLine(), "choose --family (lm, similarity, matrix, privacy, utility, rare, continuous, imputation, all) or --bench");
    }
    Dataset d = Dataset.load(data == null ? Dataset.defaultDir() : data);
    Map<String, EncodedCohort> syn = new LinkedHashMap<>();
    for (var e : synthetic.entrySet()) syn.put(e.getKey(), EncodedCohort.load(e.getValue(), d.vocabulary()));
    if ((family == Family.lm || family == Family.imputation) && modelFiles.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "the " + family + " family needs at least one --model NAME=CHECKPOINT");
    }
    if (syn.isEmpty() && family != Family.rare && family != Family.lm && family != Family.imputation) {
      throw new ParameterException(spec.commandLine(), "give at least one --synthetic NAME=FILE (an encoded cohort made with " + d.name() + "'s vocabulary)");
    }
    Map<String, GenerativeModel> models = new LinkedHashMap<>();
    try {
      for (var e : modelFiles.entrySet()) models.put(e.getKey(), Checkpoint.loadModel(e.getValue(), d.vocabulary()));
      return run(d, syn, models);
    } finally {
      models.values().forEach(GenerativeModel::close);
    }
  }

  private int run(Dataset d, Map<String, EncodedCohort> syn, Map<String, GenerativeModel> models) throws IOException {
    if (family == Family.lm || family == Family.privacy || family == Family.all) {
      for (var e : Capabilities.select(models, VisitProbabilities.class).entrySet()) {
        // scored as trained: records longer than the context keep their most recent visits; say so
        List<EncodedPatient> scored = new ArrayList<>(d.test().patients());
        if (family != Family.lm) scored.addAll(d.train().patients());
        String cut = TeacherForcedScorer.truncation(e.getValue(), scored).describe("model " + e.getKey());
        if (cut != null) System.err.println(cut);
      }
    }
    String config = "evaluate family=" + family + " synthetic=" + synthetic + " models=" + modelFiles + " classifiers=" + classifiers
        + " epochs=" + epochs + " batch=" + batchSize;
    List<String> hashes = new ArrayList<>();
    if (checkpoint != null) hashes.add(Provenance.fileHash(checkpoint));
    for (var e : modelFiles.entrySet()) hashes.add(e.getKey() + ":" + Provenance.fileHash(e.getValue()));
    Provenance p = Provenance.of(d.name(), d.vocabulary().hash(), config, seed, String.join(" ", hashes));
    Results results = out == null ? Results.of(experiment, p) : new Results(out, p);
    // one report per family; with --family all each goes into a sub-folder named after it (their table names are the notebooks')
    Map<Family, EvaluationSuite.Report> reports = new LinkedHashMap<>();
    var v = d.vocabulary();
    if ((family == Family.lm || family == Family.all) && !models.isEmpty()) {
      reports.put(Family.lm, EvaluationSuite.languageModelling(models, d.test()));
    }
    if ((family == Family.imputation || family == Family.all) && !models.isEmpty()) {
      reports.put(Family.imputation, EvaluationSuite.imputation(v, models, Map.of(), d.train(), d.test(), imputeRecords, seed));
    }
    if (family == Family.similarity || family == Family.all) reports.put(Family.similarity, EvaluationSuite.similarity(v, d.train(), syn, Map.of(), seed));
    if (family == Family.matrix || family == Family.all) {
      reports.put(Family.matrix, EvaluationSuite.matrix(v, d.train(), syn, PatientMatrix.parseKinds(kinds), seed));
    }
    if (family == Family.privacy || family == Family.all) reports.put(Family.privacy, EvaluationSuite.privacy(v, d.train(), d.test(), syn, models, seed));
    if (family == Family.utility || family == Family.all) {
      var run = new EvaluationSuite.PhenotypingRun(0, syn, classifiers(v.codeCount()), true);
      reports.put(Family.utility, EvaluationSuite.utility(v, d.train(), d.validation(), d.test(), List.of(run), seed, System.err));
    }
    if (family == Family.continuous || (family == Family.all && v.gaps() != null)) {
      reports.put(Family.continuous, EvaluationSuite.continuous(v, d.train(), syn, seed));
    }
    if (family == Family.rare) {
      if (label == null || positives == null) {
        throw new ParameterException(spec.commandLine(), "the rare family needs --label NAME and --positives FILE");
      }
      int l = v.labelIndexOf(label);
      if (l < 0) {
        throw new ParameterException(spec.commandLine(), "--label '" + label + "' is not in the vocabulary; labels: " + v.labels());
      }
      reports.put(Family.rare, EvaluationSuite.rareDisease(v, l, d.train(), d.validation(), d.test(),
          Map.of("synthetic", EncodedCohort.load(positives, v)), classifiers(v.codeCount()), seed));
    }
    if (!syn.isEmpty()) write(results, "inputs", EvaluationSuite.inputs(d.train(), "real train", syn));
    for (var r : reports.entrySet()) {
      Results into = family == Family.all ? new Results(results.dir().resolve(r.getKey().name()), p) : results;
      for (var t : r.getValue().tables().entrySet()) write(into, t.getKey(), t.getValue());
      for (var c : r.getValue().charts().entrySet()) into.chart(c.getValue(), c.getKey());
    }
    System.out.println("wrote " + results.dir());
    return 0;
  }

  private static void write(Results results, String name, Table t) throws IOException {
    results.table(t, name);
    System.out.println(t.print(40));
  }

  private List<RecordClassifier> classifiers(int codeSpace) {
    List<RecordClassifier> out = new ArrayList<>();
    for (String c : classifiers) {
      switch (c.strip().toLowerCase()) {
        case "logistic" -> out.add(LogisticBaseline.of(codeSpace));
        case "bilstm" -> out.add(new BiLstmClassifier(codeSpace, epochs, batchSize, 1e-3f));
        default -> throw new IllegalArgumentException("unknown classifier '" + c + "': use logistic or bilstm");
      }
    }
    return out;
  }
}
