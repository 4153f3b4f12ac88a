package halo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.train.LegacyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code ./halo train}'s options make the same configs as before configs were split per concern:
 * {@code train-options.txt} holds, for each argument list, the config the reference build b0985e0
 * made of it (as its checkpoints stored it, one flat record).
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
    for (String line : lines) {
      String[] f = line.split("\t");
      assertEquals(LegacyConfig.read(new ObjectMapper(), f[1]), configure(f[0]), f[0]);
    }
  }

  @Test
  void givenGanOptionsForAModelWithoutAGan_whenConfigured_thenRefusedInsteadOfIgnored() {
    var e = assertThrows(CommandLine.ParameterException.class, () -> configure("--model halo --gan-epochs 3"));
    assertEquals("--gan-epochs, --gan-lr and --critic-lr are SynTEG's: --model halo trains no GAN", e.getMessage());
  }
}
