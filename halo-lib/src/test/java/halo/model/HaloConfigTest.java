package halo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Configs per concern: validated, copied by builders that change only what they name, kind changes explicit. */
class HaloConfigTest {

  @Test
  void givenACopyOfOneConcern_whenChangingOneSetting_thenEveryOtherSettingStays() {
    HaloConfig c = HaloConfig.cpu();
    HaloConfig d = c.withModel(s -> s.layers(5)).withTraining(t -> t.patience(9));
    assertEquals(new ModelShape(ModelKind.HALO, 128, 5, 4, 48, 48, 1e-5f, null, null), d.model());
    assertEquals(new Training(48, 1e-3, 1_000, 100, 9, 1_000, 3_000, 0.5, null), d.training());
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
    assertNull(halo.model().eva());
    assertNull(halo.model().synteg());
    assertNull(halo.training().gan());
    HaloConfig eva = halo.withKind(ModelKind.EVA);
    // E 16: latent E/4 = 4
    assertEquals(new ModelShape.Eva(4), eva.model().eva());
    assertNull(eva.model().synteg());
    assertNull(eva.training().gan());
    HaloConfig synteg = halo.withKind(ModelKind.SYNTEG);
    // E 16: code embedding and noise E/2 = 8, condition and GAN width E = 16; short-run GAN schedule
    assertEquals(new ModelShape.Synteg(8, 16, 8, 16), synteg.model().synteg());
    assertEquals(new Training.Gan(6, 5e-5, 1e-3, 10), synteg.training().gan());
    assertNull(synteg.model().eva());
  }

  @Test
  void givenCustomKindSettings_whenTheKindChanges_thenTheyAreNotCarriedToAnotherKind() {
    HaloConfig custom = HaloConfig.smoke().withKind(ModelKind.SYNTEG).withModel(s -> s.synteg(new ModelShape.Synteg(4, 4, 4, 4)))
        .withTraining(t -> t.ganWith(g -> g.epochs(60)));
    HaloConfig halo = custom.withKind(ModelKind.HALO);
    assertNull(halo.model().synteg(), "HALO has no SynTEG sizes");
    assertNull(halo.training().gan(), "HALO trains no GAN");
    assertEquals(HaloConfig.smoke(), halo, "the shared settings stay, nothing else");
    HaloConfig back = halo.withKind(ModelKind.SYNTEG);
    assertEquals(ModelShape.Synteg.forEmbedding(16), back.model().synteg(), "SynTEG again: its defaults, not the dropped custom sizes");
    assertEquals(Training.Gan.forEmbedding(16), back.training().gan());
    assertNull(custom.withKind(ModelKind.EVA).training().gan(), "EVA trains no GAN");
    assertSame(custom, custom.withKind(ModelKind.SYNTEG), "the same kind keeps its custom settings");
  }

  @Test
  void givenExtrasOfAnotherKind_whenBuilt_thenRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> HaloConfig.smoke().withModel(s -> s.eva(new ModelShape.Eva(8))));
    assertTrue(e.getMessage().startsWith("halo has no EVA sizes"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> HaloConfig.smoke().withTraining(t -> t.gan(new Training.Gan(1, 1e-4, 1e-4, 10))));
    assertTrue(e.getMessage().startsWith("halo trains no GAN"), e.getMessage());
    var s = assertThrows(IllegalStateException.class, () -> HaloConfig.smoke().withTraining(t -> t.ganWith(g -> g.epochs(2))));
    assertEquals("this training has no GAN phase (only synteg has one)", s.getMessage());
  }

  @Test
  void givenPresetsPerKind_whenAsked_thenGptAndSyntegAreAdapted() {
    HaloConfig gpt = HaloConfig.preset("default", ModelKind.GPT);
    assertEquals(new ModelShape(ModelKind.GPT, 64, 2, 4, 512, 512, 1e-5f, null, null), gpt.model());
    assertEquals(16, gpt.training().batchSize());
    assertEquals(new ModelShape(ModelKind.GPT, 384, 3, 4, 700, 750, 1e-5f, null, null), HaloConfig.preset("paper", ModelKind.GPT).model());
    assertEquals(0, HaloConfig.preset("cpu", ModelKind.SYNTEG).training().patience(), "SynTEG's GAN phase has no validation loss");
    // the paper's sizes at E 768 (protocol Part B §2.5)
    HaloConfig synteg = HaloConfig.preset("paper", ModelKind.SYNTEG);
    assertEquals(new ModelShape.Synteg(112, 256, 128, 256), synteg.model().synteg());
    assertEquals(new Training.Gan(600, 4e-6, 2e-5, 10), synteg.training().gan());
    assertEquals(new ModelShape.Eva(32), HaloConfig.preset("paper", ModelKind.EVA).model().eva());
    var e = assertThrows(IllegalArgumentException.class, () -> HaloConfig.preset("huge"));
    assertEquals("unknown preset 'huge': expected smoke, cpu or paper", e.getMessage());
  }

  @Test
  void givenAConfig_whenPrinted_thenShortWithoutOtherKindsSettings() {
    assertEquals("HaloConfig[ModelShape[kind=HALO, embedding=16, layers=1, heads=2, context=12, positions=12, layerNormEps=1.0E-5],"
        + " Training[batchSize=16, learningRate=0.01, epochs=3, validateEvery=0, patience=0], Sampling[batch=64], seed=4]",
        HaloConfig.smoke().toString());
  }
}
