package halo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.experiment.Workbench;
import halo.model.ModelKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Every command and subcommand of {@code ./halo}, walked through picocli's model, reads well. */
class HelpTest {
  /** Seeds whose default differs from the experiments' seed, and why (said in their description too). */
  static final Map<String, String> OTHER_SEEDS = Map.of("halo dataset synthea --seed", "the seed the default cohort was simulated with");

  /** Words of the code, not of the reader. */
  static final List<String> JARGON = List.of("HaloConfig", "NDArray", "Vocabulary[", "GenerativeModel", "diluted", "RowBatch");

  static List<CommandLine> all() {
    List<CommandLine> out = new ArrayList<>();
    walk(new CommandLine(new Main()), out);
    return out;
  }

  private static void walk(CommandLine c, List<CommandLine> out) {
    out.add(c);
    c.getSubcommands().values().stream().distinct().forEach(s -> walk(s, out));
  }

  static String path(CommandSpec spec) {
    return spec.qualifiedName(" ");
  }

  static String[] args(CommandSpec spec, String... more) {
    List<String> a = new ArrayList<>(List.of(spec.qualifiedName(" ").split(" ")));
    a.remove(0); // "halo"
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  @Test
  void givenEveryCommandWhenAskedForHelpThenItPrintsItsUsageAndSucceeds() {
    List<CommandLine> commands = all();
    assertTrue(commands.size() >= 10, "commands found: " + commands.size());
    PrintStream stdout = System.out;
    for (CommandLine c : commands) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      int exit;
      try {
        exit = Main.run(args(c.getCommandSpec(), "--help"));
      } finally {
        System.setOut(stdout);
      }
      String help = out.toString(StandardCharsets.UTF_8);
      assertEquals(0, exit, path(c.getCommandSpec()) + " --help exits 0");
      assertTrue(help.contains("Usage: " + path(c.getCommandSpec())), path(c.getCommandSpec()) + " --help printed:\n" + help);
    }
  }

  @Test
  void givenEveryCommandThenItAndEachOptionAndParameterHaveADescriptionWithoutJargon() {
    for (CommandLine c : all()) {
      CommandSpec spec = c.getCommandSpec();
      String where = path(spec);
      assertTrue(spec.usageMessage().description().length > 0, where + " has a description");
      List<ArgSpec> args = new ArrayList<>(spec.options());
      args.addAll(spec.positionalParameters());
      for (ArgSpec a : args) {
        String name = a instanceof OptionSpec o ? o.longestName() : a.paramLabel();
        String text = String.join(" ", a.description());
        assertFalse(text.isBlank(), where + " " + name + " has a description");
        for (String word : JARGON) assertFalse(text.contains(word), where + " " + name + " says '" + word + "': " + text);
      }
      for (String word : JARGON) {
        assertFalse(String.join(" ", spec.usageMessage().description()).contains(word), where + " says '" + word + "'");
      }
    }
  }

  @Test
  void givenCommandsThatChooseAModelThenTheirHelpNamesTheSixModels() {
    for (CommandLine c : all()) {
      OptionSpec model = c.getCommandSpec().findOption("--model");
      if (model == null) continue;
      String text = String.join(" ", model.description()) + " " + String.join(" ", c.getCommandSpec().usageMessage().description());
      for (ModelKind k : ModelKind.values()) {
        assertTrue(text.contains(k.id()), path(c.getCommandSpec()) + " --model names " + k.id() + ": " + text);
      }
    }
  }

  @Test
  void givenEveryCommandWithASeedThenItsDefaultIsTheExperimentsSeed() {
    int seeds = 0;
    for (CommandLine c : all()) {
      for (OptionSpec o : c.getCommandSpec().options()) {
        if (!o.longestName().contains("seed")) continue;
        seeds++;
        String where = path(c.getCommandSpec()) + " " + o.longestName();
        String expected = OTHER_SEEDS.containsKey(where) ? null : Long.toString(Workbench.SEED);
        assertTrue(o.defaultValue() != null, where + " has a default");
        if (expected != null) assertEquals(expected, o.defaultValue(), where);
        assertTrue(String.join(" ", o.description()).matches(".*default:? " + o.defaultValue() + "\\b.*"), where + " says its default: " + String.join(" ", o.description()));
      }
    }
    assertTrue(seeds >= 5, "seed options found: " + seeds);
  }
}
