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
 * the authors' bidirectional LSTM ({@link BiLstmClassifier}) for real and HALO data (at the default
 * scale with fewer epochs than the paper's 25, to fit a 2-core CPU; stated in the provenance).
 */
public final class Utility {
  public static final String PHENOTYPING = "04-phenotyping";
  public static final String RARE_DISEASE = "05-rare-disease";
  public static final List<ModelKind> MODELS = List.of(ModelKind.HALO, ModelKind.HALO_COARSE, ModelKind.LSTM);
  /** The rare label of the default cohort's augmentation experiment (Synthea: "cancer"). */
  public static final String RARE_LABEL = "cancer";

  private Utility() {}

  /** The BiLSTM classifier at a scale: the paper's at {@code paper}, fewer epochs below. */
  static BiLstmClassifier bilstm(Scale scale, int codeSpace) {
    BiLstmClassifier paper = BiLstmClassifier.paper(codeSpace);
    return switch (scale) {
      case SMOKE -> new BiLstmClassifier(codeSpace, 2, paper.batchSize(), paper.learningRate());
      case DEFAULT -> new BiLstmClassifier(codeSpace, 5, paper.batchSize(), paper.learningRate());
      case PAPER -> paper;
    };
  }

  public static ExperimentResult phenotyping(Workbench wb, PrintStream log) throws IOException {
    var d = wb.dataset();
    Vocabulary v = d.vocabulary();
    Map<String, EncodedCohort> synthetic = new LinkedHashMap<>();
    for (ModelKind k : MODELS) synthetic.put(k.id(), Models.synthetic(wb, k, log));
    Phenotyping p = Phenotyping.paper();
    if (log != null) log.println("phenotyping: logistic regression on real and " + synthetic.keySet());
    var logistic = p.of(v, d.train(), d.validation(), d.test(), synthetic, List.of(LogisticBaseline.of(v.codeCount())));
    BiLstmClassifier lstm = bilstm(wb.scale(), v.codeCount());
    if (log != null) log.println("phenotyping: bidirectional LSTM (" + lstm.epochs() + " epochs) on real and halo");
    var bilstm = p.of(v, d.train(), d.validation(), d.test(), Map.of("halo", synthetic.get("halo")), List.<RecordClassifier>of(lstm));
    Table perLabel = logistic.metrics().copy();
    perLabel.append(bilstm.metrics());
    Table summary = perLabel.summarize("accuracy", "f1", "auroc", "auprc", AggregateFunctions.mean)
        .by("classifier", "source").setName("Phenotyping, mean over chronic labels (higher is better)");
    List<String> skipped = new ArrayList<>(logistic.skipped());
    skipped.addAll(bilstm.skipped());
    Table skippedTable = Table.create("Labels skipped", tech.tablesaw.api.StringColumn.create("reason", skipped));
    return new ExperimentResult.Builder(PHENOTYPING, Models.provenance(wb, MODELS,
            "phenotyping sizes " + p.trainPerClass() + "/" + p.validationPerClass() + "/" + p.testPerClass()
                + " per class (scaled down to the data), bilstm epochs " + lstm.epochs()))
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
    EncodedCohort generated;
    try (VisitModel m = Models.load(wb, ModelKind.HALO, log)) {
      if (log != null) log.println("generating " + needed + " HALO records conditioned on '" + RARE_LABEL + "'");
      generated = new Generator(m).sampleWithLabels(Collections.nCopies(needed, new int[] {label}), Models.GENERATION_SEED,
          "rare-").cohort();
    }
    List<RecordClassifier> classifiers = List.of(LogisticBaseline.of(v.codeCount()), bilstm(wb.scale(), v.codeCount()));
    Table t = a.of(v, label, d.train(), d.validation(), d.test(), generated, classifiers);
    return new ExperimentResult.Builder(RARE_DISEASE, Models.provenance(wb, List.of(ModelKind.HALO),
            "label " + RARE_LABEL + ", " + needed + " conditioned synthetic positives, ratio 1:" + a.ratio()))
        .table("augmentation", t)
        .build();
  }
}
