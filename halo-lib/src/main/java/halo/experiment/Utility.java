package halo.experiment;

import halo.data.EncodedCohort;
import halo.data.Vocabulary;
import halo.eval.labels.LabelConsistency;
import halo.eval.utility.BiLstmClassifier;
import halo.eval.utility.LogisticBaseline;
import halo.eval.utility.Phenotyping;
import halo.eval.utility.RareDiseaseAugmentation;
import halo.eval.utility.RecordClassifier;
import halo.model.GenerativeModel;
import halo.model.LabelConditioning;
import halo.model.ModelKind;
import halo.sample.LabelSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.aggregate.AggregateFunctions;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Paper Tables 4 and 5: the utility of synthetic records for training classifiers that are tested on
 * real records — phenotyping every chronic label, and augmenting a rare label with records generated
 * conditioned on it.
 *
 * <p>Classifiers: the fast Smile logistic regression on bag-of-codes features for every source, and
 * the authors' bidirectional LSTM ({@link BiLstmClassifier}) for real and HALO data with the paper's
 * 25 epochs at the paper scale only: on a 2-core CPU its per-label training over 22 balanced sets does
 * not fit the default scale's budget, so the default and smoke scales report the logistic regression
 * (the provenance states which ran; {@code halo evaluate --family utility --classifier bilstm} runs it
 * on demand).
 */
public final class Utility {
  public static final String PHENOTYPING = "04-phenotyping";
  public static final String RARE_DISEASE = "05-rare-disease";
  public static final List<ModelKind> MODELS = Models.ALL;
  /** The rare label of the default cohort's augmentation experiment (Synthea: "cancer"). */
  public static final String RARE_LABEL = "cancer";

  private Utility() {}

  /** The BiLSTM classifiers at a scale: the paper's at {@code paper}, none below (see the class comment). */
  static List<RecordClassifier> bilstm(Scale scale, int codeSpace) {
    BiLstmClassifier paper = BiLstmClassifier.paper(codeSpace);
    return switch (scale) {
      case SMOKE -> List.of();
      case DEFAULT -> List.of();
      case PAPER -> List.of(paper);
    };
  }

  private static String describe(List<RecordClassifier> cs) {
    return cs.isEmpty() ? "none" : cs.stream().map(c -> c instanceof BiLstmClassifier b ? b.name() + " " + b.epochs() + " epochs" : c.name())
        .collect(java.util.stream.Collectors.joining(", "));
  }

  /**
   * Generation and classifier seeds of the phenotyping experiment: each seed i trains every classifier
   * on synthetic cohorts generated with seed {@code GENERATION_SEED + i} and on sets drawn with seed
   * {@code Workbench.SEED + i}, so the summary's spread measures how much a ranking of models owes to
   * chance. The real+synthetic sets are trained on the first seed only (they cost as much again and
   * differ from real alone by less than the seeds move the synthetic rows).
   */
  public static final int SEEDS = 3;

  public static ExperimentResult phenotyping(Workbench wb, PrintStream log) throws IOException {
    var d = wb.dataset();
    Vocabulary v = d.vocabulary();
    List<RecordClassifier> lstm = bilstm(wb.scale(), v.codeCount());
    Table perSeed = null;
    List<String> skipped = new ArrayList<>();
    Map<String, EncodedCohort> first = null;
    for (int i = 0; i < SEEDS; i++) {
      Map<String, EncodedCohort> synthetic = new LinkedHashMap<>();
      for (ModelKind k : MODELS) synthetic.put(k.id(), Models.synthetic(wb, k, Models.GENERATION_SEED + i, log));
      if (first == null) first = synthetic;
      Phenotyping p = Phenotyping.paper().withSeed(Workbench.SEED + i);
      if (log != null) log.println("phenotyping, seed " + (i + 1) + " of " + SEEDS + ": logistic regression on real and " + synthetic.keySet());
      var logistic = p.of(v, d.train(), d.validation(), d.test(), synthetic, List.of(LogisticBaseline.of(v.codeCount())), i == 0, log);
      perSeed = append(perSeed, withSeed(logistic.metrics(), i));
      if (i == 0) skipped.addAll(logistic.skipped());
      if (!lstm.isEmpty()) {
        if (log != null) log.println("phenotyping: " + describe(lstm) + " on real and halo");
        var bilstm = p.of(v, d.train(), d.validation(), d.test(), Map.of("halo", synthetic.get("halo")), lstm, true, log);
        perSeed.append(withSeed(bilstm.metrics(), i));
        if (i == 0) skipped.addAll(bilstm.skipped());
      }
    }
    Table skippedTable = Table.create("Labels skipped", tech.tablesaw.api.StringColumn.create("reason", skipped));
    Phenotyping p = Phenotyping.paper();
    var out = new ExperimentResult.Builder(PHENOTYPING, Models.provenance(wb, MODELS,
            "phenotyping sizes up to " + p.trainPerClass() + "/" + p.validationPerClass() + "/" + p.testPerClass()
                + " per class (validation and test: unique real records, fewer for rare labels); " + SEEDS
                + " seeds (generation " + Models.GENERATION_SEED + ".." + (Models.GENERATION_SEED + SEEDS - 1) + ", draws and classifiers "
                + Workbench.SEED + ".." + (Workbench.SEED + SEEDS - 1) + "); synthetic label rows: " + Models.LABEL_ROWS
                + "; bidirectional LSTM: " + describe(lstm)))
        .table("summary", summary(perSeed))
        .table("per-label", perLabel(perSeed))
        .table("per-label-seeds", perSeed);
    if (v.definesLabels()) {
      Map<String, EncodedCohort> sources = new LinkedHashMap<>();
      sources.put("real", d.train());
      first.forEach((k, c) -> sources.put(k, c.nonEmpty()));
      out.table("label-consistency", LabelConsistency.of(v, sources));
    }
    return out.table("skipped", skippedTable).build();
  }

  /** A copy of {@code t} with a first column "seed" holding {@code seed}. */
  private static Table withSeed(Table t, int seed) {
    Table c = t.copy();
    c.insertColumn(0, tech.tablesaw.api.IntColumn.create("seed", java.util.Collections.nCopies(c.rowCount(), seed).stream()
        .mapToInt(Integer::intValue).toArray()));
    return c;
  }

  private static Table append(Table acc, Table t) {
    if (acc == null) return t;
    acc.append(t);
    return acc;
  }

  /**
   * Mean over labels for each (classifier, source, seed), then over seeds: mean, standard deviation
   * (n − 1), minimum and maximum of the label-mean AUROC, and the means of AUPRC, F1 and accuracy.
   */
  static Table summary(Table perSeed) {
    Table byLabel = perSeed.summarize("auroc", "auprc", "f1", "accuracy", AggregateFunctions.mean).by("classifier", "source", "seed");
    Table t = byLabel.summarize("Mean [auroc]", AggregateFunctions.mean, AggregateFunctions.stdDev, AggregateFunctions.min,
        AggregateFunctions.max).by("classifier", "source");
    Table rest = byLabel.summarize("Mean [auprc]", "Mean [f1]", "Mean [accuracy]", AggregateFunctions.mean).by("classifier", "source");
    Table out = Table.create("Phenotyping, mean over chronic labels, over seeds (higher is better)",
        t.stringColumn("classifier"), t.stringColumn("source"));
    Table n = byLabel.countBy("classifier", "source");
    IntColumn seeds = IntColumn.create("seeds");
    for (int i = 0; i < t.rowCount(); i++) {
      for (int j = 0; j < n.rowCount(); j++) {
        if (n.stringColumn(0).get(j).equals(t.stringColumn(0).get(i)) && n.stringColumn(1).get(j).equals(t.stringColumn(1).get(i))) {
          seeds.append(((Number) n.column(2).get(j)).intValue());
        }
      }
    }
    out.addColumns(seeds, t.doubleColumn(2).setName("auroc_mean"), t.doubleColumn(3).setName("auroc_sd"), t.doubleColumn(4).setName("auroc_min"),
        t.doubleColumn(5).setName("auroc_max"), rest.doubleColumn(2).setName("auprc_mean"), rest.doubleColumn(3).setName("f1_mean"),
        rest.doubleColumn(4).setName("accuracy_mean"));
    return out;
  }

  /** Per label and source: AUROC mean and sd over seeds, the test set's size, and the mean of the other metrics. */
  static Table perLabel(Table perSeed) {
    Table t = perSeed.summarize("auroc", AggregateFunctions.mean, AggregateFunctions.stdDev).by("label", "label_name", "classifier", "source");
    Table rest = perSeed.summarize("auprc", "f1", "n_test", "train_positives_available", AggregateFunctions.mean)
        .by("label", "label_name", "classifier", "source");
    Table out = Table.create("Phenotyping per label, over " + SEEDS + " seeds (higher is better)", t.intColumn("label"),
        t.stringColumn("label_name"), t.stringColumn("classifier"), t.stringColumn("source"));
    out.addColumns(rest.doubleColumn(6).asIntColumn().setName("n_test"), rest.doubleColumn(7).setName("train_positives_available"),
        t.doubleColumn(4).setName("auroc_mean"), t.doubleColumn(5).setName("auroc_sd"), rest.doubleColumn(4).setName("auprc_mean"),
        rest.doubleColumn(5).setName("f1_mean"));
    return out;
  }

  /** The kinds of {@code kinds} whose models cannot be conditioned on labels. */
  static List<ModelKind> withoutConditioning(List<ModelKind> kinds) {
    return kinds.stream().filter(k -> !LabelConditioning.class.isAssignableFrom(k.modelClass())).toList();
  }

  public static ExperimentResult rareDisease(Workbench wb, PrintStream log) throws IOException {
    var d = wb.dataset();
    Vocabulary v = d.vocabulary();
    int label = v.labelIndexOf(RARE_LABEL);
    if (label < 0 || label >= v.chronicLabelCount()) {
      throw new IllegalArgumentException("rare label '" + RARE_LABEL + "' is not a chronic label of " + d.name() + ": " + v.labels());
    }
    RareDiseaseAugmentation a = RareDiseaseAugmentation.paper();
    long negatives = d.train().patients().stream().filter(p -> !p.hasLabel(label)).count();
    long positives = d.train().patients().stream().filter(p -> p.hasLabel(label)).count();
    // as many synthetic positives as the synthetic-balanced set needs: N - N/ratio, N as in RareDiseaseAugmentation
    int n = (int) Math.min(a.maxNegatives(), Math.min(negatives, (long) a.ratio() * positives));
    int needed = Math.max(1, n - n / a.ratio());
    Map<String, EncodedCohort> generated = new LinkedHashMap<>();
    LabelSpec spec = LabelSpec.of(new int[] {label}, new int[0]);
    for (ModelKind k : MODELS) {
      try (GenerativeModel m = Models.load(wb, k, log)) {
        if (!(m instanceof LabelConditioning)) {
          // a model without label conditioning: its positives are the records of its unconditional cohort that carry the label
          var all = Models.synthetic(wb, k, log).nonEmpty().patients().stream().filter(p -> p.hasLabel(label)).toList();
          if (all.isEmpty()) {
            if (log != null) log.println(k.id() + ": no record of its unconditional cohort has '" + RARE_LABEL + "'; it gets no row");
          } else {
            generated.put(k.id(), new EncodedCohort(v.hash(), all));
          }
          continue;
        }
        if (log != null) log.println("generating " + needed + " " + k.id() + " records conditioned on '" + RARE_LABEL + "'");
        // the other labels (demographics, co-occurring conditions) drawn as real cancer patients have them
        generated.put(k.id(), Models.generator(wb, m).sample(spec, needed, Models.GENERATION_SEED, "rare-").cohort());
      }
    }
    List<RecordClassifier> classifiers = new ArrayList<>(List.of(LogisticBaseline.of(v.codeCount())));
    classifiers.addAll(bilstm(wb.scale(), v.codeCount()));
    Table t = a.of(v, label, d.train(), d.validation(), d.test(), generated, classifiers);
    return new ExperimentResult.Builder(RARE_DISEASE, Models.provenance(wb, MODELS,
            "label " + RARE_LABEL + ", " + needed + " conditioned synthetic positives per model (label rows: training rows with "
                + RARE_LABEL + "; models without label conditioning (" + ModelKind.ids(withoutConditioning(MODELS))
                + "): the labelled records of their unconditional cohort, upsampled), ratio 1:" + a.ratio()
                + "; classifiers " + describe(classifiers)))
        .table("augmentation", t)
        .build();
  }
}
