package halo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import halo.model.eva.EvaModel;
import halo.model.halo.HaloModel;
import halo.model.synteg.SyntegModel;
import org.junit.jupiter.api.Test;

/** Configs per concern: validated, copied by builders that change only what they name, kind changes explicit. */
class HaloConfigTest {

  @Test
  void givenACopyOfOneConcern_whenChangingOneSetting_thenEveryOtherSettingStays() {
    HaloConfig c = HaloConfig.cpu();
    HaloConfig d = c.withModel(s -> s.layers(5)).withTraining(t -> t.patience(9));
    assertEquals(new ModelShape(ModelKind.HALO, 128, 5, 4, 48, 48, 1e-5f, null), d.model());
    assertEquals(new Training(48, 1e-3, 1_000, 100, 9, 1_000, 6_000, 0.5, null), d.training());
    assertEquals(c.sampling(), d.sampling());
    assertEquals(c.seed(), d.seed());
  }

  @Test
  void givenAContextAbovePositions_whenSet_thenPositionsGrowWithIt() {
    // smoke: context 12, positions 12
    assertEquals(48, HaloConfig.smoke().withModel(s -> s.context(48)).model().positions());
    assertEquals(12, HaloConfig.smoke().withModel(s -> s.context(9)).model().positions(), "positions never shrink");
  }

  @Test
  void givenInvalidSettings_whenBuilt_thenTheMessageNamesTheValue() {
    var e = assertThrows(IllegalArgumentException.class, () -> HaloConfig.smoke().withModel(s -> s.heads(3)));
    assertEquals("heads must divide embedding: 3 heads for embedding 16", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> HaloConfig.smoke().withTraining(t -> t.steps(50, 10)));
    assertEquals("minSteps (50) must not exceed maxSteps (10)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> HaloConfig.smoke().withSampleBatch(0));
    assertEquals("sampling batch must be >= 1, got 0", e.getMessage());
  }

  @Test
  void givenAKind_whenBuilt_thenOnlyItsOwnExtrasArePresent() {
    HaloConfig halo = HaloConfig.smoke();
    assertEquals(new HaloModel.Head(true, true), halo.model().extras(), "a new HALO ties its code logits and has the label path");
    assertNull(halo.withKind(ModelKind.HALO_COARSE).model().extras(), "HALO-Coarse has no sizes of its own");
    assertNull(halo.training().gan());
    HaloConfig eva = halo.withKind(ModelKind.EVA);
    // E 16: latent E/4 = 4
    assertEquals(new EvaModel.Sizes(4), eva.model().extras(EvaModel.Sizes.class));
    assertNull(eva.training().gan());
    HaloConfig synteg = halo.withKind(ModelKind.SYNTEG);
    // E 16: code embedding and noise E/2 = 8, condition and GAN width E = 16; short-run GAN schedule
    assertEquals(new SyntegModel.Sizes(8, 16, 8, 16), synteg.model().extras(SyntegModel.Sizes.class));
    assertEquals(new Training.Gan(6, 5e-5, 1e-3, 10), synteg.training().gan());
    var wrong = assertThrows(IllegalStateException.class, () -> synteg.model().extras(EvaModel.Sizes.class));
    assertTrue(wrong.getMessage().startsWith("synteg has no Sizes"), wrong.getMessage());
  }

  @Test
  void givenCustomKindSettings_whenTheKindChanges_thenTheyAreNotCarriedToAnotherKind() {
    HaloConfig custom = HaloConfig.smoke().withKind(ModelKind.SYNTEG).withModel(s -> s.extras(new SyntegModel.Sizes(4, 4, 4, 4)))
        .withTraining(t -> t.ganWith(g -> g.epochs(60)));
    HaloConfig halo = custom.withKind(ModelKind.HALO);
    assertEquals(new HaloModel.Head(true, true), halo.model().extras(), "HALO's own default, nothing of SynTEG's");
    assertNull(halo.training().gan(), "HALO trains no GAN");
    assertEquals(HaloConfig.smoke(), halo, "the shared settings stay, nothing else");
    HaloConfig back = halo.withKind(ModelKind.SYNTEG);
    assertEquals(SyntegModel.Sizes.forEmbedding(16), back.model().extras(SyntegModel.Sizes.class), "SynTEG again: its defaults, not the dropped custom sizes");
    assertEquals(Training.Gan.forEmbedding(16), back.training().gan());
    assertNull(custom.withKind(ModelKind.EVA).training().gan(), "EVA trains no GAN");
    assertSame(custom, custom.withKind(ModelKind.SYNTEG), "the same kind keeps its custom settings");
  }

  @Test
  void givenExtrasOfAnotherKind_whenBuilt_thenRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> HaloConfig.smoke().withModel(s -> s.extras(new EvaModel.Sizes(8))));
    assertTrue(e.getMessage().startsWith("halo's own sizes are a Head, got Sizes[latent=8]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> HaloConfig.smoke().withKind(ModelKind.GPT).withModel(s -> s.extras(new EvaModel.Sizes(8))));
    assertTrue(e.getMessage().startsWith("gpt has no sizes of its own"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> HaloConfig.smoke().withTraining(t -> t.gan(new Training.Gan(1, 1e-4, 1e-4, 10))));
    assertTrue(e.getMessage().startsWith("halo trains no GAN"), e.getMessage());
    var s = assertThrows(IllegalStateException.class, () -> HaloConfig.smoke().withTraining(t -> t.ganWith(g -> g.epochs(2))));
    assertEquals("this training has no GAN phase (the kinds with one: synteg, medgan, corgan)", s.getMessage());
  }

  @Test
  void givenPresetsPerKind_whenAsked_thenGptAndSyntegAreAdapted() {
    HaloConfig gpt = HaloConfig.preset("default", ModelKind.GPT);
    assertEquals(new ModelShape(ModelKind.GPT, 64, 2, 4, 512, 512, 1e-5f, null), gpt.model());
    assertEquals(16, gpt.training().batchSize());
    assertEquals(new ModelShape(ModelKind.GPT, 384, 3, 4, 700, 750, 1e-5f, null), HaloConfig.preset("paper", ModelKind.GPT).model());
    assertEquals(0, HaloConfig.preset("cpu", ModelKind.SYNTEG).training().patience(), "SynTEG's GAN phase has no validation loss");
    // the paper's sizes at E 768 (protocol Part B §2.5)
    HaloConfig synteg = HaloConfig.preset("paper", ModelKind.SYNTEG);
    assertEquals(new SyntegModel.Sizes(112, 256, 128, 256), synteg.model().extras(SyntegModel.Sizes.class));
    assertEquals(new Training.Gan(600, 4e-6, 2e-5, 10), synteg.training().gan());
    assertEquals(new EvaModel.Sizes(32), HaloConfig.preset("paper", ModelKind.EVA).model().extras(EvaModel.Sizes.class));
    var e = assertThrows(IllegalArgumentException.class, () -> HaloConfig.preset("huge"));
    assertEquals("unknown preset 'huge': expected smoke, cpu or paper", e.getMessage());
  }

  @Test
  void givenAConfig_whenPrinted_thenShortWithoutOtherKindsSettings() {
    assertEquals("HaloConfig[ModelShape[kind=HALO, embedding=16, layers=1, heads=2, context=12, positions=12, layerNormEps=1.0E-5, Head[tiedLogits=true, labelPath=true]],"
        + " Training[batchSize=16, learningRate=0.01, epochs=3, validateEvery=0, patience=0], Sampling[batch=64], seed=4]",
        HaloConfig.smoke().toString());
  }

  @Test
  void givenShapesOfEveryKind_whenWrittenAsJson_thenTheKindsOwnSizesAreOneFieldNamedByItsIdAndReadBack() throws Exception {
    var json = new ObjectMapper();
    for (ModelKind k : ModelKind.values()) {
      ModelShape shape = HaloConfig.preset("paper", k).model();
      var tree = json.readTree(json.writeValueAsString(shape));
      assertEquals(shape.extras() == null ? 7 : 8, tree.size(), tree.toString());
      if (shape.extras() != null) assertEquals(json.valueToTree(shape.extras()), tree.get(k.id()));
      assertEquals(shape, json.readValue(tree.toString(), ModelShape.class));
    }
    String eva = "{\"kind\":\"EVA\",\"embedding\":16,\"layers\":2,\"heads\":2,\"context\":9,\"positions\":12,\"layerNormEps\":1.0E-5,";
    assertEquals(new EvaModel.Sizes(6), json.readValue(eva + "\"eva\":{\"latent\":6},\"synteg\":null}", ModelShape.class).extras(),
        "format 4: every kind's field, null for the others");
    var e = assertThrows(Exception.class, () -> json.readValue(eva + "\"synteg\":{\"noise\":3}}", ModelShape.class));
    assertTrue(e.getMessage().contains("unexpected field 'synteg' in the model shape of eva"), e.getMessage());
    e = assertThrows(Exception.class, () -> json.readValue(eva + "\"latnet\":6}", ModelShape.class));
    assertTrue(e.getMessage().contains("unexpected field 'latnet'"), e.getMessage());
    String halo = eva.replace("EVA", "HALO");
    assertEquals(new HaloModel.Head(false), json.readValue(halo + "\"halo\":null}", ModelShape.class).extras(),
        "format 4 wrote null for HALO: the authors' untied head, which those models had");
    assertEquals(new HaloModel.Head(false), json.readValue(halo.substring(0, halo.length() - 1) + "}", ModelShape.class).extras());
    assertEquals(new HaloModel.Head(true), json.readValue(halo + "\"halo\":{\"tiedLogits\":true}}", ModelShape.class).extras(),
        "written before the label path existed: a tied head without it, as those models were trained");
    assertEquals(new HaloModel.Head(true, true), json.readValue(halo + "\"halo\":{\"tiedLogits\":true,\"labelPath\":true}}", ModelShape.class).extras());
    String coarse = eva.replace("EVA", "HALO_COARSE");
    e = assertThrows(Exception.class, () -> json.readValue(coarse + "\"coarse\":{\"latent\":6}}", ModelShape.class));
    assertTrue(e.getMessage().contains("coarse has no sizes of its own"), e.getMessage());
    e = assertThrows(Exception.class, () -> json.readValue(eva + "\"eva\":{\"latent\":0}}", ModelShape.class));
    assertTrue(e.getMessage().contains("EVA's latent size must be >= 1, got 0"), e.getMessage());
  }

  @Test
  void givenAnUnknownModelName_whenParsed_thenTheMessageListsTheRegistry() {
    var e = assertThrows(IllegalArgumentException.class, () -> ModelKind.parse("ctgan"));
    assertEquals("unknown model 'ctgan': expected one of halo, coarse, lstm, gpt, eva, synteg, promptehr, vae, medgan, corgan, ddpm, textgpt", e.getMessage());
  }
}
