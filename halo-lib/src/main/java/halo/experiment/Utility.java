package halo.experiment;

import halo.data.EncodedCohort;
import halo.data.Vocabulary;
import halo.eval.EvaluationSuite;
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

  /**
   * Generation and classifier seeds of the phenotyping experiment: each seed i trains every classifier
   * on synthetic cohorts generated with seed {@code GENERATION_SEED + i} and on sets drawn with seed
   * {@code Workbench.SEED + i}, so the summary's spread measures how much a ranking of models owes to
   * chance. The real+synthetic sets are trained on the first seed only (they cost as much again and
   * differ from real alone by less than the seeds move the synthetic rows).
   */
  public static final int SEEDS = 3;

  /** Paper Table 4 over every generator ({@link #MODELS}), through {@link EvaluationSuite#utility} as {@code halo evaluate} runs it. */
  public static ExperimentResult phenotyping(Workbench wb, PrintStream log) throws IOException {
    return phenotyping(wb, MODELS, log);
  }

  /** The phenotyping experiment over the synthetic cohorts of {@code kinds} (the BiLSTM, at the paper scale, on HALO's when among them). */
  public static ExperimentResult phenotyping(Workbench wb, List<ModelKind> kinds, PrintStream log) throws IOException {
    var d = wb.dataset();
    Vocabulary v = d.vocabulary();
    List<RecordClassifier> lstm = bilstm(wb.scale(), v.codeCount());
    List<EvaluationSuite.PhenotypingRun> runs = new ArrayList<>();
    for (int i = 0; i < SEEDS; i++) {
      Map<String, EncodedCohort> synthetic = new LinkedHashMap<>();
      for (ModelKind k : kinds) synthetic.put(k.id(), Models.synthetic(wb, k, Models.GENERATION_SEED + i, log));
      runs.add(new EvaluationSuite.PhenotypingRun(i, synthetic, List.of(LogisticBaseline.of(v.codeCount())), i == 0));
      if (!lstm.isEmpty() && synthetic.containsKey("halo")) runs.add(new EvaluationSuite.PhenotypingRun(i, Map.of("halo", synthetic.get("halo")), lstm, true));
    }
    var report = EvaluationSuite.utility(v, d.train(), d.validation(), d.test(), runs, Workbench.SEED, log);
    Phenotyping p = Phenotyping.paper();
    return new ExperimentResult.Builder(PHENOTYPING, Models.provenance(wb, kinds,
            "phenotyping sizes up to " + p.trainPerClass() + "/" + p.validationPerClass() + "/" + p.testPerClass()
                + " per class (validation and test: unique real records, fewer for rare labels); " + SEEDS
                + " seeds (generation " + Models.GENERATION_SEED + ".." + (Models.GENERATION_SEED + SEEDS - 1) + ", draws and classifiers "
                + Workbench.SEED + ".." + (Workbench.SEED + SEEDS - 1) + "); synthetic label rows: " + Models.LABEL_ROWS
                + "; bidirectional LSTM: " + EvaluationSuite.describe(lstm)))
        .report(report).build();
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
    var report = EvaluationSuite.rareDisease(v, label, d.train(), d.validation(), d.test(), generated, classifiers, Workbench.SEED);
    return new ExperimentResult.Builder(RARE_DISEASE, Models.provenance(wb, MODELS,
            "label " + RARE_LABEL + ", " + needed + " conditioned synthetic positives per model (label rows: training rows with "
                + RARE_LABEL + "; models without label conditioning (" + ModelKind.ids(withoutConditioning(MODELS))
                + "): the labelled records of their unconditional cohort, upsampled), ratio 1:" + a.ratio()
                + "; classifiers " + EvaluationSuite.describe(classifiers)))
        .report(report).build();
  }
}
