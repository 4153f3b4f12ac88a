package halo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.model.Training;
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
      assertEquals(before, now, f[0]);
    }
    assertEquals(1, rescheduled, "--model eva --preset cpu");
  }

  @Test
  void givenGanOptionsForAModelWithoutAGan_whenConfigured_thenRefusedInsteadOfIgnored() {
    var e = assertThrows(CommandLine.ParameterException.class, () -> configure("--model halo --gan-epochs 3"));
    assertEquals("--gan-epochs, --gan-lr and --critic-lr set a GAN phase, which only synteg trains: --model halo trains no GAN", e.getMessage());
  }
}
