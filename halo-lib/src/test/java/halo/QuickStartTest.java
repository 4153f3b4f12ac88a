package halo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's two commands, .ci/run and the Makefile stay in step. */
class QuickStartTest {

  static List<String> quickStartCommands() throws Exception {
    String readme = Files.readString(Halo.root().resolve("README.md"));
    Matcher m = Pattern.compile("## Quick start.*?```(?:bash|sh)?\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertTrue(m.find(), "README.md has a '## Quick start' section with a shell block");
    return m.group(1).lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  @Test
  void givenTheReadmeWhenQuickStartIsReadThenItHoldsExactlyTheTwoCommands() throws Exception {
    assertEquals(List.of("make reproduce", "make test"), quickStartCommands());
  }

  @Test
  void givenCiWhenItRunsThenItCallsTheReadmeTestCommand() throws Exception {
    Path root = Halo.root();
    String ci = Files.readString(root.resolve(".ci/run"));
    String testCommand = quickStartCommands().get(1);
    assertTrue(ci.lines().map(String::strip).anyMatch(testCommand::equals), ".ci/run must call " + testCommand);
    String makefile = Files.readString(root.resolve("Makefile"));
    for (String c : quickStartCommands()) {
      String target = c.substring("make ".length());
      assertTrue(makefile.contains("\n" + target + ":"), "Makefile defines target " + target);
    }
    assertTrue(Files.isExecutable(root.resolve(".ci/run")) && Files.isExecutable(root.resolve("halo")));
  }
}
