package halo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import halo.experiment.Models;
import halo.experiment.Scale;
import halo.model.Fixtures;
import halo.model.GenerativeModel;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.model.ModelShape;
import halo.model.RecordLikelihood;
import halo.model.Training;
import halo.model.eva.EvaModel;
import halo.model.halo.HaloModel;
import halo.model.synteg.SyntegModel;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints written before configs were split per concern (formats 2 and 3, one flat config record),
 * and those of format 4 written before a kind's own sizes became a typed extra (a field per kind, null
 * for the others), still load, into the same config and the same model. The fixtures in {@code
 * resources/halo/train/format3} were written by the reference build b0985e0, those in {@code format4}
 * the same way by 2a373f1: for each kind, {@code KIND.ckpt} (best.ckpt after one
 * epoch on {@link Fixtures}' records) and {@code KIND.txt} (its config as that build printed it, the
 * log-likelihoods of the validation records as raw double bits, and four records sampled with seed 3,
 * computed as the project runs: with oneDNN capped at SSE4.1, environment/README.md — the LSTM, EVA and
 * SynTEG values differ under oneDNN's other LSTM kernels);
 * {@code presets.txt} holds that build's presets and experiment configs as it stored them in checkpoints.
 */
class LegacyCheckpointTest {
  static final Vocabulary VOC = Fixtures.vocabulary(20, 2);
  static final List<EncodedPatient> VAL = Fixtures.random(VOC, 12, 6, 2);
  /** The kinds that existed when formats 2 to 4 were written: only they have fixtures, and only their configs have a flat form. */
  static final List<ModelKind> LEGACY = List.of(ModelKind.HALO, ModelKind.HALO_COARSE, ModelKind.LSTM, ModelKind.GPT, ModelKind.EVA, ModelKind.SYNTEG);

  /** The configs the fixtures were written with, in today's terms (EVA and SynTEG with their own, non-default settings). */
  static HaloConfig expected(ModelKind k) {
    boolean baseline = k == ModelKind.EVA || k == ModelKind.SYNTEG;
    HaloConfig c = HaloConfig.smoke().withKind(k).withModel(s -> s.embedding(baseline ? 16 : 8).layers(2).heads(2).context(9))
        .withTraining(t -> t.batchSize(8).epochs(1).validateEvery(5)).withSeed(7);
    return switch (k) {
      case EVA -> c.withModel(s -> s.extras(new EvaModel.Sizes(6)));
      case SYNTEG -> c.withModel(s -> s.extras(new SyntegModel.Sizes(8, 12, 8, 12))).withTraining(t -> t.gan(new Training.Gan(1, 6e-5, 2e-3, 9)));
      case HALO -> untied(c);
      default -> c;
    };
  }

  /** {@code c} with HALO's head as the reference build had it (the authors' head, no tied logits); other kinds unchanged. */
  static HaloConfig untied(HaloConfig c) {
    return c.kind() == ModelKind.HALO ? c.withModel(s -> s.extras(new HaloModel.Head(false))) : c;
  }

  /**
   * {@code c} as formats 1 to 3 stored it: one flat record, EVA's and SynTEG's settings in
   * {@code baselines} for every kind (their defaults for the embedding where the kind has none).
   */
  static String flatJson(HaloConfig c) {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    ModelShape m = c.model();
    Training t = c.training();
    EvaModel.Sizes eva = m.extras() instanceof EvaModel.Sizes s ? s : EvaModel.Sizes.forEmbedding(m.embedding());
    SyntegModel.Sizes sy = m.extras() instanceof SyntegModel.Sizes s ? s : SyntegModel.Sizes.forEmbedding(m.embedding());
    Training.Gan gan = t.gan() != null ? t.gan() : Training.Gan.forEmbedding(m.embedding());
    var n = json.createObjectNode().put("kind", m.kind().name()).put("embedding", m.embedding()).put("layers", m.layers())
        .put("heads", m.heads()).put("context", m.context()).put("positions", m.positions()).put("batchSize", t.batchSize())
        .put("learningRate", t.learningRate()).put("epochs", t.epochs()).put("validateEvery", t.validateEvery()).put("patience", t.patience())
        .put("layerNormEps", m.layerNormEps()).put("sampleBatch", c.sampling().batch()).put("seed", c.seed());
    n.putObject("baselines").put("latent", eva.latent()).put("codeEmbedding", sy.codeEmbedding()).put("condition", sy.condition())
        .put("noise", sy.noise()).put("ganWidth", sy.ganWidth()).put("ganEpochs", gan.epochs()).put("ganLearningRate", gan.learningRate())
        .put("criticLearningRate", gan.criticLearningRate()).put("gradientPenalty", gan.gradientPenalty());
    n.put("minSteps", t.minSteps()).put("maxSteps", t.maxSteps()).put("labelBalance", t.labelBalance());
    return n.toString();
  }

  @Test
  void givenTodaysConfigsOfEveryKind_whenWrittenFlatAsBeforeAndReadBack_thenEqual() throws IOException {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    for (ModelKind k : LEGACY) {
      for (HaloConfig c : List.of(expected(k), untied(HaloConfig.preset("paper", k)), untied(HaloConfig.preset("cpu", k)))) {
        assertEquals(c, LegacyConfig.read(json, flatJson(c)), flatJson(c)); // the flat form has no tied logits: it reads as the authors' head
      }
    }
  }

  static Path resource(String name) throws URISyntaxException {
    return resource("format3", name);
  }

  static Path resource(String format, String name) throws URISyntaxException {
    return Path.of(LegacyCheckpointTest.class.getResource("/halo/train/" + format + "/" + name).toURI());
  }

  @Test
  void givenFormat3CheckpointsOfEveryKind_whenLoaded_thenSameConfigLikelihoodsAndSamples() throws Exception {
    for (ModelKind k : LEGACY) checkLoads(k, resource(k.id() + ".ckpt"));
  }

  @Test
  void givenFormat4CheckpointsWithAFieldPerKindsSizes_whenLoaded_thenSameConfigLikelihoodsAndSamples() throws Exception {
    for (ModelKind k : LEGACY) checkLoads(k, resource("format4", k.id() + ".ckpt"), resource("format4", k.id() + ".txt"));
  }

  @Test
  void givenFormat2Checkpoints_whenLoaded_thenSameConfigLikelihoodsAndSamples(@TempDir Path dir) throws Exception {
    // format 2 is format 3 without the trailing CRC32C: header = writeUTF(magic) (2 + 15 bytes), then the version int
    for (ModelKind k : LEGACY) {
      byte[] b = Files.readAllBytes(resource(k.id() + ".ckpt"));
      byte[] old = Arrays.copyOf(b, b.length - 8);
      ByteBuffer.wrap(old).putInt(17, 2);
      Path file = dir.resolve(k.id() + ".ckpt");
      Files.write(file, old);
      checkLoads(k, file);
    }
  }

  private static void checkLoads(ModelKind k, Path file) throws Exception {
    checkLoads(k, file, resource(k.id() + ".txt"));
  }

  private static void checkLoads(ModelKind k, Path file, Path computed) throws Exception {
    List<String> expected = Files.readAllLines(computed);
    assertEquals(expected(k), Checkpoint.config(file), k + ": config of " + file);
    try (GenerativeModel m = Checkpoint.loadModel(file, VOC)) {
      assertEquals(expected(k), m.config());
      // the reference build's values as raw bits; compared to float32 rounding (1e-5 relative): the last bits of a float32 sum
      // depend on the CPU's kernels (seen: an Intel Xeon and an AMD EPYC differ in HALO's), while a misread parameter moves them by far more
      String[] ref = expected.get(1).split(" ");
      double[] logp = ((RecordLikelihood) m).logProbabilities(VAL);
      assertEquals(ref.length - 1, logp.length, k + ": one log-likelihood per record");
      for (int i = 0; i < logp.length; i++) {
        double want = Double.longBitsToDouble(Long.parseUnsignedLong(ref[i + 1], 16));
        assertEquals(want, logp[i], 1e-5 * Math.abs(want), k + ": log-likelihood of record " + i + " differs from the reference build's");
      }
      List<String> samples = new halo.sample.Generator(m).sample(4, 3, "s").rows().stream().map(r -> "sample " + Arrays.deepToString(r)).toList();
      assertEquals(expected.subList(2, expected.size()), samples, k + ": seeded samples differ from the reference build's");
    }
    // resuming checks the stored config against the model's: a legacy checkpoint passes for the same config
    try (GenerativeModel m = GenerativeModel.create(expected(k), VOC)) {
      Checkpoint.restore(file, m, null);
    }
  }

  /**
   * Today's presets and experiment configs equal the reference build's, with three deliberate changes.
   * HALO's code logits are tied ({@link HaloModel.Head}) in every new HALO config; otherwise the same.
   * The cpu preset's step budget is 6,000 where it was 3,000 (HALO, HALO-Coarse and the LSTM: HALO's
   * validation loss still fell at 3,000 steps; it stops on validation near 5,100).
   * And the cpu (default) presets of the kinds whose default-scale schedule the experiments used to set
   * by hand (GPT's step budget, EVA's and SynTEG's epochs) now carry it, so {@code ./halo train} at
   * the default preset trains as the notebooks do; they equal the reference build's experiment config
   * for the default cohort. (Before, SynTEG's default preset had 1,000 epochs within 3,000 steps, so
   * its GAN phase never began.)
   */
  @Test
  void givenTheReferenceBuildsPresetsAndExperimentConfigs_whenReadAsLegacyConfigs_thenTodaysPresetsAreEqual() throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    List<String> lines = Files.readAllLines(resource("presets.txt"));
    assertEquals(60, lines.size(), "4 preset names and 3 scales × 2 split sizes, 6 kinds each");
    Map<ModelKind, HaloConfig> defaultCohort = new EnumMap<>(ModelKind.class);
    for (String line : lines) {
      String[] f = line.split(" ", 4);
      if (f[1].equals("DEFAULT," + Models.REFERENCE_TRAIN_RECORDS)) defaultCohort.put(ModelKind.parse(f[2]), LegacyConfig.read(json, f[3]));
    }
    assertEquals(6, defaultCohort.size(), "the reference build's experiment configs for the default cohort");
    int changed = 0;
    for (String line : lines) {
      String[] f = line.split(" ", 4); // preset NAME KIND JSON | models SCALE,RECORDS KIND JSON
      ModelKind k = ModelKind.parse(f[2]);
      boolean scheduled = f[0].equals("preset") && (f[1].equals("cpu") || f[1].equals("default")) && List.of(ModelKind.GPT, ModelKind.EVA,
          ModelKind.SYNTEG).contains(k);
      HaloConfig now = f[0].equals("preset") ? HaloConfig.preset(f[1], k)
          : Models.config(k, Scale.valueOf(f[1].split(",")[0]), Integer.parseInt(f[1].split(",")[1]));
      HaloConfig before = LegacyConfig.read(json, f[3]);
      if (k == ModelKind.HALO) { // the second deliberate change: new HALOs tie their code logits; all else as before
        assertNotEquals(before, now, line);
        now = untied(now);
      }
      if (now.training().maxSteps() == 6_000) { // the third: the cpu step budget, 3,000 before
        assertEquals(3_000, before.training().maxSteps(), line);
        HaloConfig n = now;
        now = now.withTraining(t -> t.steps(n.training().minSteps(), 3_000));
      }
      if (scheduled) {
        changed++;
        assertNotEquals(before, now, line);
        assertEquals(defaultCohort.get(k), now, "the default preset of " + k.id() + " is the experiments' default-scale config");
      } else {
        assertEquals(before, now, line);
      }
    }
    assertEquals(6, changed);
  }

  @Test
  void givenATrainedModel_whenSavedAndLoaded_thenTheConfigRoundTripsPerConcern(@TempDir Path dir) throws IOException {
    for (ModelKind k : ModelKind.values()) {
      HaloConfig fitted = k.traits().fitted(expected(k), Fixtures.random(VOC, 20, 3, 1), VOC); // the text GPT's tokenizer
      try (GenerativeModel m = GenerativeModel.create(fitted, VOC)) {
        Checkpoint.save(dir.resolve(k.id()), m, null, TrainState.start(1));
        assertEquals(fitted, Checkpoint.config(dir.resolve(k.id())));
      }
    }
  }
}
