package halo.experiment;

import halo.data.EncodedCohort;
import halo.data.Vocabulary;
import halo.eval.utility.BiLstmClassifier;
import halo.eval.utility.LogisticBaseline;
import halo.eval.utility.Phenotyping;
import halo.eval.utility.RareDiseaseAugmentation;
import halo.eval.utility.RecordClassifier;
import halo.model.ModelKind;
import halo.model.VisitModel;
import halo.sample.Generator;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.aggregate.AggregateFunctions;
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

  public static ExperimentResult phenotyping(Workbench wb, PrintStream log) throws IOException {
    var d = wb.dataset();
    Vocabulary v = d.vocabulary();
    Map<String, EncodedCohort> synthetic = new LinkedHashMap<>();
    for (ModelKind k : MODELS) synthetic.put(k.id(), Models.synthetic(wb, k, log));
    Phenotyping p = Phenotyping.paper();
    if (log != null) log.println("phenotyping: logistic regression on real and " + synthetic.keySet());
    var logistic = p.of(v, d.train(), d.validation(), d.test(), synthetic, List.of(LogisticBaseline.of(v.codeCount())));
    List<RecordClassifier> lstm = bilstm(wb.scale(), v.codeCount());
    Table perLabel = logistic.metrics().copy();
    List<String> skipped = new ArrayList<>(logistic.skipped());
    if (!lstm.isEmpty()) {
      if (log != null) log.println("phenotyping: " + describe(lstm) + " on real and halo");
      var bilstm = p.of(v, d.train(), d.validation(), d.test(), Map.of("halo", synthetic.get("halo")), lstm);
      perLabel.append(bilstm.metrics());
      skipped.addAll(bilstm.skipped());
    }
    Table summary = perLabel.summarize("accuracy", "f1", "auroc", "auprc", AggregateFunctions.mean)
        .by("classifier", "source").setName("Phenotyping, mean over chronic labels (higher is better)");
    Table skippedTable = Table.create("Labels skipped", tech.tablesaw.api.StringColumn.create("reason", skipped));
    return new ExperimentResult.Builder(PHENOTYPING, Models.provenance(wb, MODELS,
            "phenotyping sizes " + p.trainPerClass() + "/" + p.validationPerClass() + "/" + p.testPerClass()
                + " per class (scaled down to the data); bidirectional LSTM: " + describe(lstm)))
        .table("summary", summary)
        .table("per-label", perLabel)
        .table("skipped", skippedTable)
        .build();
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
    for (ModelKind k : MODELS) {
      if (k == ModelKind.EVA) {
        // EVA cannot be conditioned: its positives are the records of its unconditional cohort that carry the label
        var all = Models.synthetic(wb, k, log).nonEmpty().patients().stream().filter(p -> p.hasLabel(label)).toList();
        if (all.isEmpty()) {
          if (log != null) log.println("eva: no record of its unconditional cohort has '" + RARE_LABEL + "'; it gets no row");
        } else {
          generated.put(k.id(), new EncodedCohort(v.hash(), all));
        }
        continue;
      }
      try (VisitModel m = Models.load(wb, k, log)) {
        if (log != null) log.println("generating " + needed + " " + k.id() + " records conditioned on '" + RARE_LABEL + "'");
        generated.put(k.id(), new Generator(m).sampleWithLabels(Collections.nCopies(needed, new int[] {label}), Models.GENERATION_SEED,
            "rare-").cohort());
      }
    }
    List<RecordClassifier> classifiers = new ArrayList<>(List.of(LogisticBaseline.of(v.codeCount())));
    classifiers.addAll(bilstm(wb.scale(), v.codeCount()));
    Table t = a.of(v, label, d.train(), d.validation(), d.test(), generated, classifiers);
    return new ExperimentResult.Builder(RARE_DISEASE, Models.provenance(wb, MODELS,
            "label " + RARE_LABEL + ", " + needed + " conditioned synthetic positives per model (EVA: the labelled records of its"
                + " unconditional cohort, upsampled), ratio 1:" + a.ratio() + "; classifiers " + describe(classifiers)))
        .table("augmentation", t)
        .build();
  }
}
