package halo.experiment;

import halo.data.CodeKind;
import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import halo.eval.EvaluationSuite;
import halo.model.Capabilities;
import halo.model.GenerativeModel;
import halo.model.Imputation;
import halo.model.ImputationLikelihood;
import halo.model.ModelKind;
import halo.model.Rng;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * PromptEHR's evaluation (Wang &amp; Sun 2022, §3.4–3.5, Table 2) on our data for every generator:
 * the longitudinal and cross-modality imputation perplexities (lpl, mpl) where a model defines them,
 * the two imputation tasks run on real test records (imputed codes against the real ones), and one
 * real record shown before and after each model imputes it ({@link EvaluationSuite#imputation}).
 * Models whose class has neither capability are listed as not applicable without being trained.
 */
public final class ImputationStudy {
  public static final String ID = "09-promptehr";
  /** Every generator: the paper's six and PromptEHR. */
  public static final List<ModelKind> MODELS = Stream.concat(Models.ALL.stream(), Stream.of(ModelKind.PROMPTEHR)).toList();
  /** The modality of the cross-modality example. */
  static final CodeKind EXAMPLE_MODALITY = CodeKind.DIAGNOSIS;

  private ImputationStudy() {}

  public static ExperimentResult run(Workbench wb, PrintStream log) throws IOException {
    return run(wb, MODELS, EvaluationSuite.IMPUTATION_RECORDS, log);
  }

  /** The experiment over {@code kinds}, each task on the first {@code records} test records it applies to. */
  public static ExperimentResult run(Workbench wb, List<ModelKind> kinds, int records, PrintStream log) throws IOException {
    Map<String, GenerativeModel> models = new LinkedHashMap<>();
    Map<String, ModelKind> notLoaded = new LinkedHashMap<>();
    List<ModelKind> loaded = new ArrayList<>();
    try {
      for (ModelKind k : kinds) {
        if (Capabilities.having(Imputation.class).contains(k) || Capabilities.having(ImputationLikelihood.class).contains(k)) {
          models.put(k.id(), Models.load(wb, k, log));
          loaded.add(k);
        } else {
          notLoaded.put(k.id(), k);
        }
      }
      Vocabulary v = wb.dataset().vocabulary();
      var report = EvaluationSuite.imputation(v, models, notLoaded, wb.dataset().train(), wb.dataset().test(), records, Workbench.SEED);
      return new ExperimentResult.Builder(ID, Models.provenance(wb, loaded, records + " test records per task, sampling seed " + Workbench.SEED))
          .report(report).table("example", example(v, wb.dataset().test().patients(), models)).build();
    } finally {
      for (GenerativeModel m : models.values()) m.close();
    }
  }

  /**
   * One real test record (the first with three or more visits whose last visit has codes of {@link
   * #EXAMPLE_MODALITY} and of another modality) before and after imputation: its last visit as it is,
   * then as each model imputes it from the visits before it, and the visit's codes of the modality as
   * they are and as each model that can imputes them from the rest of the visit.
   */
  static Table example(Vocabulary v, List<EncodedPatient> test, Map<String, GenerativeModel> models) {
    EncodedPatient p = test.stream().filter(r -> r.visitCount() >= 3 && mixed(v, r.visits()[r.visitCount() - 1])).findFirst().orElse(null);
    Table t = Table.create("One real test record's last visit, imputed by each model", StringColumn.create("task"), StringColumn.create("source"),
        StringColumn.create("codes"));
    if (p == null) return t;
    int last = p.visitCount() - 1;
    EncodedPatient history = new EncodedPatient(p.id(), p.labels(), Arrays.copyOf(p.visits(), last));
    add(t, "given", "labels", p.labels().length == 0 ? "(none)" : Arrays.stream(p.labels()).mapToObj(v::label).collect(Collectors.joining(" ")));
    add(t, "given", "visits 1.." + last, last + " visits, " + Arrays.stream(history.visits()).mapToInt(x -> x.length).sum() + " codes");
    add(t, "next visit", "real", names(v, p.visits()[last]));
    models.forEach((name, m) -> {
      if (m instanceof Imputation imp) add(t, "next visit", name, names(v, imp.imputeNextVisit(List.of(history), new Rng(Workbench.SEED)).get(0)));
    });
    int[] visit = p.visits()[last];
    add(t, EXAMPLE_MODALITY.prefix() + " of the last visit", "given (other modalities)", names(v, only(v, visit, EXAMPLE_MODALITY, false)));
    add(t, EXAMPLE_MODALITY.prefix() + " of the last visit", "real", names(v, only(v, visit, EXAMPLE_MODALITY, true)));
    models.forEach((name, m) -> {
      if (m instanceof Imputation imp && imp.imputableModalities().contains(EXAMPLE_MODALITY)) {
        int[] filled = imp.imputeModality(List.of(p), EXAMPLE_MODALITY, new Rng(Workbench.SEED)).get(0);
        add(t, EXAMPLE_MODALITY.prefix() + " of the last visit", name, names(v, only(v, filled, EXAMPLE_MODALITY, true)));
      }
    });
    return t;
  }

  private static boolean mixed(Vocabulary v, int[] visit) {
    return only(v, visit, EXAMPLE_MODALITY, true).length > 0 && only(v, visit, EXAMPLE_MODALITY, false).length > 0;
  }

  private static int[] only(Vocabulary v, int[] codes, CodeKind k, boolean of) {
    return Arrays.stream(codes).filter(c -> (v.code(c).kind() == k) == of).toArray();
  }

  /** Codes shown in a cell at most; the rest are counted. */
  static final int SHOWN = 12;

  private static String names(Vocabulary v, int[] codes) {
    if (codes.length == 0) return "(none)";
    String shown = Arrays.stream(codes).limit(SHOWN).mapToObj(c -> {
      var tok = v.code(c);
      return tok.description().isEmpty() ? tok.key() : tok.key() + " (" + tok.description() + ")";
    }).collect(Collectors.joining("; "));
    return codes.length <= SHOWN ? shown : shown + "; … and " + (codes.length - SHOWN) + " more (" + codes.length + " codes)";
  }

  private static void add(Table t, String task, String source, String codes) {
    t.stringColumn("task").append(task);
    t.stringColumn("source").append(source);
    t.stringColumn("codes").append(codes);
  }
}
