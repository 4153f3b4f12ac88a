package halo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.model.Training;
import halo.model.halo.HaloModel;
import halo.model.synteg.SyntegModel;
import halo.train.LegacyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code ./halo train}'s options make the same configs as before configs were split per concern:
 * {@code train-options.txt} holds, for each argument list, the config the reference build b0985e0
 * made of it (as its checkpoints stored it, one flat record). One deliberate change since: the cpu
 * presets of GPT, EVA and SynTEG carry the schedule the experiments train them with (step budget, or
 * epochs without one), which the reference build's CLI did not.
 */
class TrainOptionsTest {
  static HaloConfig configure(String args) {
    TrainCommand t = new TrainCommand();
    new CommandLine(t).parseArgs(args.split(" "));
    return t.configure(HaloConfig.preset(t.preset, ModelKind.parse(t.model)));
  }

  @Test
  void givenTheReferenceBuildsConfigs_whenTheSameOptionsAreGiven_thenTheConfigsAreEqual() throws Exception {
    List<String> lines = Files.readAllLines(Path.of(TrainOptionsTest.class.getResource("/halo/cli/train-options.txt").toURI()));
    assertEquals(7, lines.size());
    int rescheduled = 0;
    for (String line : lines) {
      String[] f = line.split("\t");
      HaloConfig before = LegacyConfig.read(new ObjectMapper(), f[1]);
      HaloConfig now = configure(f[0]);
      if (f[0].contains("--preset cpu") && List.of(ModelKind.GPT, ModelKind.EVA, ModelKind.SYNTEG).contains(now.kind())) {
        rescheduled++;
        Training p = HaloConfig.preset("cpu", now.kind()).training();
        before = before.withTraining(t -> t.epochs(p.epochs()).steps(p.minSteps(), p.maxSteps()).validateEvery(p.validateEvery()));
      }
      if (now.kind() == ModelKind.HALO) { // the reference build's HALO had the authors' head; new ones tie their logits and have the label path
        assertEquals(new HaloModel.Head(true, true), now.model().extras(), f[0]);
        now = now.withModel(m -> m.extras(new HaloModel.Head(false)));
      }
      assertEquals(before, now, f[0]);
    }
    assertEquals(1, rescheduled, "--model eva --preset cpu");
  }

  /** --shape-extras changes the given fields of the kind's own settings, keeps the others, and names what is wrong otherwise. */
  @Test
  void givenShapeExtras_whenConfigured_thenTheKindsOwnSettingsChange_andMistakesAreNamed() {
    assertEquals(new HaloModel.Head(false), configure("--model halo --shape-extras {\"tiedLogits\":false,\"labelPath\":false}").model().extras(), "the authors' head");
    assertEquals(new HaloModel.Head(true, true), configure("--model halo").model().extras(), "the default: tied, with the label path");
    assertEquals(new HaloModel.Head(true, false), configure("--model halo --shape-extras {\"labelPath\":false}").model().extras(), "tied kept");
    SyntegModel.Sizes d = HaloConfig.preset("cpu", ModelKind.SYNTEG).model().extras(SyntegModel.Sizes.class);
    assertEquals(new SyntegModel.Sizes(d.codeEmbedding(), d.condition(), 7, d.ganWidth()),
        configure("--model synteg --shape-extras {\"noise\":7}").model().extras(), "one field changed, the others kept");
    String[][] wrong = {
        {"--model coarse --shape-extras {\"latent\":3}", "--shape-extras: coarse has no settings of its own, got {\"latent\":3}"},
        {"--model halo --shape-extras {\"tied\":false}", "--shape-extras: halo has no setting 'tied'; its own settings are {\"tiedLogits\":true,\"labelPath\":true}"},
        {"--model halo --shape-extras {\"tiedLogits\":1}", "--shape-extras: halo's 'tiedLogits' is a boolean (now true), got 1"},
        {"--model halo --shape-extras [false]", "--shape-extras: expected a JSON object such as {\"tiedLogits\":true,\"labelPath\":true} for halo, got [false]"},
        {"--model eva --shape-extras {\"latent\":0}", "EVA's latent size must be >= 1, got 0"}};
    for (String[] w : wrong) {
      var e = assertThrows(CommandLine.ParameterException.class, () -> configure(w[0]));
      assertTrue(e.getMessage().startsWith(w[1]) || e.getMessage().contains(w[1]), w[0] + ": " + e.getMessage());
    }
  }

  @Test
  void givenGanOptionsForAModelWithoutAGan_whenConfigured_thenRefusedInsteadOfIgnored() {
    var e = assertThrows(CommandLine.ParameterException.class, () -> configure("--model halo --gan-epochs 3"));
    assertEquals("--gan-epochs, --gan-lr and --critic-lr set a GAN phase, which only these models train: synteg, medgan, corgan; --model halo trains no GAN", e.getMessage());
  }
}
