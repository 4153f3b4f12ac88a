package halo.cli;

import halo.data.Dataset;
import halo.data.SafeFolder;
import halo.data.Vocabulary;
import halo.model.GenerativeModel;
import halo.model.LabelConditioning;
import halo.model.Sampling;
import halo.report.Provenance;
import halo.sample.GenerationSummary;
import halo.sample.Generator;
import halo.sample.ImputationExport;
import halo.sample.ImputeTask;
import halo.sample.LabelPrior;
import halo.sample.LabelSpec;
import halo.sample.SyntheticExport;
import halo.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./halo generate}: samples synthetic records from a checkpoint and writes synthetic.halo and
 * synthetic.csv, with {@value GenerationSummary#JSON} and {@value GenerationSummary#TEXT} beside them (a
 * {@link GenerationSummary}, as the experiments' cached cohorts have): how many records, how fast,
 * where their label rows came from, and which checkpoint, seed and request made them.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Generate synthetic records from a trained model (unconditional, with given labels, or continuing real records).")
public final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--checkpoint", required = true, description = "best.ckpt or last.ckpt of a training run")
  Path checkpoint;

  @Option(names = "--vocabulary", description = "vocabulary.json (default: next to the checkpoint)")
  Path vocabulary;

  @Option(names = "--count", defaultValue = "1000", description = "records to generate (default ${DEFAULT-VALUE})")
  int count;

  @Option(names = "--labels", split = ",",
      description = "condition every record on these labels (chronic labels, demographics such as sex:f); the other labels are drawn "
          + "as they occur among training records with these labels (see --exact-labels)")
  List<String> labels;

  @Option(names = "--without-labels", split = ",", description = "records must not carry these labels (e.g. --labels diabetes --without-labels cancer)")
  List<String> withoutLabels;

  @Option(names = "--exact-labels",
      description = "use --labels as each record's whole label row (every other label absent), even if no training record has such a row")
  boolean exactLabels;

  @Option(names = "--label-rows", defaultValue = "prior",
      description = "where unconditional records' label rows come from: 'prior' (drawn from the training split's label rows, "
          + "label-prior.json) or 'model' (sampled by the model) (default ${DEFAULT-VALUE})")
  String labelRows;

  @Option(names = "--label-prior", description = "the training split's label rows (default: label-prior.json next to the checkpoint)")
  Path labelPrior;

  @Option(names = "--continue", description = "continue the test records of this encoded dataset folder")
  Path continueData;

  @Option(names = "--impute", paramLabel = "TASK",
      description = "with --continue: impute, for each test record with enough visits, next-visit (visit K+1 given the first K = --keep-visits)"
          + " or modality:KIND (visit K's codes of KIND, one of dx, px, rx, lab, gap, given its other codes and the earlier visits);"
          + " writes imputation.csv (real and imputed codes) beside the records")
  String impute;

  @Option(names = "--keep-visits", defaultValue = "1", description = "real visits kept when continuing (default ${DEFAULT-VALUE})")
  int keepVisits;

  @Option(names = "--seed", defaultValue = "4", description = "Seed of the sampling (default ${DEFAULT-VALUE}).") long seed;

  @Option(names = "--temperature", defaultValue = "1", paramLabel = "T",
      description = "divide every logit by T when drawing: below 1 sharpens (likely codes likelier, rare ones rarer), above 1 flattens; "
          + "1 (default) samples exactly what the model defines")
  double temperature;

  @Option(names = "--top-k", defaultValue = "0", paramLabel = "K",
      description = "draw each token from the K most probable only (models that draw tokens from a softmax: gpt, promptehr); 0 (default) keeps all")
  int topK;

  @Option(names = "--out", required = true, description = "output folder")
  Path out;

  @Option(names = "--overwrite", description = "replace synthetic.halo, synthetic.csv and the generation summary already in --out")
  boolean overwrite;

  @Spec CommandSpec command;

  /** The files generate writes into --out, all or none: the cohort and its summary. */
  static final List<String> FILES = List.of("synthetic.halo", "synthetic.csv", GenerationSummary.JSON, GenerationSummary.TEXT);

  @Override
  public Integer call() throws Exception {
    OptionChecks.range(command, "--count", count, 1, 10_000_000);
    OptionChecks.range(command, "--keep-visits", keepVisits, 0, 100_000);
    OptionChecks.between(command, "--temperature", temperature, Sampling.MIN_TEMPERATURE, Sampling.MAX_TEMPERATURE);
    OptionChecks.range(command, "--top-k", topK, 0, 10_000_000);
    OptionChecks.exists(command, "--checkpoint", checkpoint);
    OptionChecks.exists(command, "--vocabulary", vocabulary);
    OptionChecks.exists(command, "--continue", continueData);
    OptionChecks.exists(command, "--label-prior", labelPrior);
    ImputeTask task = impute == null ? null : ImputeTask.parse(impute);
    if (task != null && continueData == null) throw new IllegalArgumentException("--impute needs --continue DATA: the records whose visits are imputed");
    List<String> files = task == null ? FILES : Stream.concat(FILES.stream(), Stream.of(ImputationExport.FILE)).toList();
    SafeFolder.checkFiles(out, files, overwrite); // before the model is loaded: refuse early
    Path vf = vocabulary != null ? vocabulary : checkpoint.toAbsolutePath().getParent().resolve("vocabulary.json");
    Vocabulary v = Vocabulary.load(vf);
    if (!labelRows.equals("prior") && !labelRows.equals("model")) {
      throw new IllegalArgumentException("--label-rows must be 'prior' or 'model', got '" + labelRows + "'");
    }
    LabelSpec spec = LabelSpec.of(v, labels == null ? List.of() : labels, withoutLabels == null ? List.of() : withoutLabels);
    if (exactLabels && spec.present().length == 0) throw new IllegalArgumentException("--exact-labels needs --labels");
    if (exactLabels && spec.absent().length > 0) throw new IllegalArgumentException("--exact-labels already makes every other label absent: drop --without-labels");
    Sampling sampling = Checkpoint.config(checkpoint).sampling().with(temperature, topK);
    try (GenerativeModel m = Checkpoint.loadModel(checkpoint, v, sampling)) {
      String checkpointHash = Provenance.fileHash(checkpoint); // once it loaded: a damaged file is refused with its reason first
      boolean partial = !spec.isEmpty() && !exactLabels;
      LabelPrior prior = null;
      Path priorFile = null;
      if (m instanceof LabelConditioning && (partial || (spec.isEmpty() && continueData == null && labelRows.equals("prior")))) {
        Path pf = labelPrior != null ? labelPrior : checkpoint.toAbsolutePath().getParent().resolve(LabelPrior.FILE);
        if (!Files.isRegularFile(pf)) {
          throw new IllegalArgumentException("no label prior at " + pf + ": it holds the training split's label rows, which "
              + (partial ? "complete the labels you did not specify" : "unconditional records draw their label rows from")
              + ". Pass --label-prior FILE (written by ./halo train as " + LabelPrior.FILE + ")"
              + (partial ? ", or --exact-labels" : ", or --label-rows model"));
        }
        prior = LabelPrior.load(pf, v);
        priorFile = pf.toAbsolutePath().normalize();
      }
      Generator g = new Generator(m, prior);
      if (task != null) {
        imputation(g, m, v, task, checkpointHash, files);
        return 0;
      }
      Generator.Result r;
      String request, labelRowSource;
      if (continueData != null) {
        Dataset ds = Dataset.load(continueData);
        v.requireHash(ds.vocabulary().hash(), continueData.toString());
        r = g.continueRecords(ds.test().patients(), keepVisits, seed, "cont");
        request = "the test records of " + continueData.toAbsolutePath().normalize() + " continued after their first " + keepVisits
            + (keepVisits == 1 ? " visit" : " visits");
        labelRowSource = "those of the continued records";
      } else if (exactLabels) {
        List<int[]> sets = new ArrayList<>();
        for (int i = 0; i < count; i++) sets.add(spec.present());
        r = g.sampleWithLabels(sets, seed, "cond");
        request = "records whose whole label row is " + spec.describe(v.labels());
        labelRowSource = "given by --exact-labels";
      } else if (partial) {
        r = g.sample(spec, count, seed, "cond");
        request = "records conditioned on " + spec.describe(v.labels());
        labelRowSource = g.labelRowSource();
      } else {
        r = g.sample(count, seed, "syn");
        request = "unconditional records";
        labelRowSource = g.labelRowSource();
      }
      // the model was loaded for this command, so its count is this generation's
      GenerationSummary summary = GenerationSummary.of(r, m, labelRowSource, new GenerationSummary.Source(
          checkpoint.toAbsolutePath().normalize().toString(), checkpointHash, m.config().toString(), seed, request,
          priorFile == null || continueData != null ? null : priorFile.toString())); // continued records keep their own label rows
      long[] rows = new long[1];
      List<String> notes = SafeFolder.writeFiles(out, FILES, overwrite, dir -> {
        rows[0] = SyntheticExport.write(dir, r.cohort(), v, seed);
        summary.write(dir);
      });
      System.out.print(summary.text());
      notes.forEach(System.err::println);
      System.out.printf("wrote %s (%d visits), %s (%d rows), %s and %s%n", out.resolve("synthetic.halo"), r.cohort().visitCount(),
          out.resolve("synthetic.csv"), rows[0], out.resolve(GenerationSummary.JSON), out.resolve(GenerationSummary.TEXT));
    }
    return 0;
  }

  /** {@code --impute}: the test records of --continue with the task's codes imputed, their summary and imputation.csv. */
  private void imputation(Generator g, GenerativeModel m, Vocabulary v, ImputeTask task, String checkpointHash, List<String> files) throws Exception {
    Dataset ds = Dataset.load(continueData);
    v.requireHash(ds.vocabulary().hash(), continueData.toString());
    Generator.Imputed r = g.impute(ds.test().patients(), task, keepVisits, seed, "imp-");
    String request = "the test records of " + continueData.toAbsolutePath().normalize() + ": " + task + " imputed given their first " + keepVisits
        + (keepVisits == 1 ? " visit" : " visits") + " (" + r.skipped() + " of " + ds.test().patients().size() + " records skipped: fewer than "
        + task.visitsNeeded(keepVisits) + " visits)";
    GenerationSummary summary = new GenerationSummary(r.cohort().size(), r.seconds(), r.cohort().size() / Math.max(r.seconds(), 1e-9), 0,
        m.ignoredTokens(), m.ignoredReport(), "those of the imputed records", new GenerationSummary.Source(checkpoint.toAbsolutePath().normalize().toString(),
            checkpointHash, m.config().toString(), seed, request, null));
    List<String> notes = SafeFolder.writeFiles(out, files, overwrite, dir -> {
      SyntheticExport.write(dir, r.cohort(), v, seed);
      ImputationExport.write(dir, r, v);
      summary.write(dir);
    });
    System.out.print(summary.text());
    notes.forEach(System.err::println);
    double[] a = ImputationExport.agreement(r);
    System.out.printf("imputed codes against the real ones (micro): precision %.3f, recall %.3f, F1 %.3f%n", a[0], a[1], a[2]);
    System.out.printf("wrote %s (real and imputed codes per record) and the imputed records to %s%n", out.resolve(ImputationExport.FILE),
        out.resolve("synthetic.halo"));
  }
}
