package halo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.data.Vocabulary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Which generator has which capability: the classes, the registry and the package documentation agree. */
class CapabilitiesTest {
  static final Vocabulary VOC = Fixtures.vocabulary(10, 3);

  /** The capabilities of each kind, as the package documentation states them (and why, there). */
  static final Map<ModelKind, List<Class<?>>> DOCUMENTED = new EnumMap<>(Map.ofEntries(
      Map.entry(ModelKind.HALO, List.of(VisitProbabilities.class, RecordLikelihood.class, LabelConditioning.class, PrefixContinuation.class, RowSampling.class, Imputation.class)),
      Map.entry(ModelKind.HALO_COARSE, List.of(VisitProbabilities.class, RecordLikelihood.class, LabelConditioning.class, PrefixContinuation.class, RowSampling.class, Imputation.class)),
      Map.entry(ModelKind.LSTM, List.of(VisitProbabilities.class, RecordLikelihood.class, LabelConditioning.class, PrefixContinuation.class, RowSampling.class, Imputation.class)),
      Map.entry(ModelKind.GPT, List.of(RecordLikelihood.class, LabelConditioning.class, PrefixContinuation.class, Imputation.class, ImputationLikelihood.class,
          TopKSampling.class)),
      Map.entry(ModelKind.EVA, List.of(RecordLikelihood.class)),
      Map.entry(ModelKind.SYNTEG, List.of(RecordLikelihood.class, LabelConditioning.class, PrefixContinuation.class, RowSampling.class, Imputation.class)),
      Map.entry(ModelKind.PROMPTEHR, List.of(RecordLikelihood.class, LabelConditioning.class, PrefixContinuation.class, Imputation.class,
          ImputationLikelihood.class, TopKSampling.class)),
      Map.entry(ModelKind.VAE, List.of(RecordLikelihood.class)),
      Map.entry(ModelKind.MEDGAN, List.of()),
      Map.entry(ModelKind.CORGAN, List.of()),
      Map.entry(ModelKind.DDPM, List.of()),
      Map.entry(ModelKind.TEXTGPT, List.of(RecordLikelihood.class, LabelConditioning.class, TopKSampling.class))));

  static HaloConfig config(ModelKind k) {
    HaloConfig c = HaloConfig.smoke().withKind(k).withModel(s -> s.context(10));
    return k.traits().contextCountsRows() ? c : c.withModel(s -> s.context(80)); // GPT's and PromptEHR's context counts tokens
  }

  @Test
  void givenEveryKind_whenBuilt_thenItsModelHasExactlyTheDocumentedCapabilities() {
    assertEquals(Arrays.asList(ModelKind.values()), new ArrayList<>(DOCUMENTED.keySet()), "every kind is in the table");
    for (ModelKind k : ModelKind.values()) {
      try (GenerativeModel m = GenerativeModel.create(config(k), VOC, Fixtures.random(VOC, 20, 3, 1))) { // the text GPT learns its tokenizer from records
        assertEquals(k.modelClass(), m.getClass(), k + ": the registry names the class it builds");
        assertEquals(DOCUMENTED.get(k), Capabilities.of(m), k.id());
        for (Class<?> c : Capabilities.NAMES.keySet()) {
          assertEquals(DOCUMENTED.get(k).contains(c), Capabilities.having(c).contains(k), k + " " + c.getSimpleName() + " read off the class");
        }
      }
    }
  }

  @Test
  void givenThePackageDocumentation_whenItsCapabilityTableIsRead_thenItStatesTheSameCapabilities() throws IOException {
    String doc = Files.readString(Path.of("src/main/java/halo/model/package-info.java"));
    List<ModelKind> columns = List.of(ModelKind.HALO, ModelKind.HALO_COARSE, ModelKind.LSTM, ModelKind.GPT, ModelKind.EVA, ModelKind.SYNTEG,
        ModelKind.PROMPTEHR, ModelKind.VAE, ModelKind.MEDGAN, ModelKind.CORGAN, ModelKind.DDPM, ModelKind.TEXTGPT);
    Matcher row = Pattern.compile("<tr><td>\\{@link halo\\.model\\.(\\w+)\\}[^<]*</td>((?:<td>[^<]*</td>){12})</tr>").matcher(doc);
    int rows = 0;
    while (row.find()) {
      rows++;
      Class<?> c = Capabilities.NAMES.keySet().stream().filter(x -> x.getSimpleName().equals(row.group(1))).findFirst().orElseThrow();
      List<String> cells = Pattern.compile("<td>([^<]*)</td>").matcher(row.group(2)).results().map(r -> r.group(1)).toList();
      for (int i = 0; i < columns.size(); i++) {
        assertEquals(DOCUMENTED.get(columns.get(i)).contains(c), cells.get(i).startsWith("yes"), columns.get(i) + " " + c.getSimpleName() + " in package-info");
      }
    }
    assertEquals(Capabilities.NAMES.size(), rows, "one documented row per capability");
  }

  @Test
  void givenAModelWithoutACapability_whenRequired_thenTheMessageNamesTheModelTheCapabilityAndWhoHasIt() {
    try (GenerativeModel eva = GenerativeModel.create(config(ModelKind.EVA), VOC)) {
      var e = assertThrows(IllegalArgumentException.class, () -> Capabilities.require(eva, LabelConditioning.class, "be conditioned on labels"));
      assertEquals("eva cannot be conditioned on labels: it has no label conditioning (LabelConditioning; the models with it: halo, coarse,"
          + " lstm, gpt, synteg, promptehr, textgpt)", e.getMessage());
      assertTrue(Capabilities.require(eva, RecordLikelihood.class, "score records") == eva, "a capability the model has: itself");
    }
    var e = assertThrows(IllegalArgumentException.class, () -> Capabilities.name(String.class));
    assertTrue(e.getMessage().contains("java.lang.String is not a capability"), e.getMessage());
  }
}
