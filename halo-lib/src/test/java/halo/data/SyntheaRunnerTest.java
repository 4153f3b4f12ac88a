package halo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line Synthea is run with: fixed seeds and reference date, CSV only, and the state last. */
class SyntheaRunnerTest {
  @Test
  void givenAState_whenBuildingTheCommandLine_thenItIsSyntheasPositionalArgument() {
    Path out = Path.of("/tmp/x");
    List<String> plain = SyntheaRunner.arguments(100, 7, out);
    assertEquals(List.of("App", "-p", "100", "-s", "7", "-cs", "7", "-r", "20260101", "--exporter.csv.export=true",
        "--exporter.fhir.export=false", "--exporter.hospital.fhir.export=false", "--exporter.practitioner.fhir.export=false",
        "--exporter.baseDirectory=/tmp/x"), plain);
    List<String> ohio = SyntheaRunner.arguments(100, 7, "Ohio", out);
    assertEquals(plain.size() + 1, ohio.size());
    assertEquals(plain, ohio.subList(0, plain.size()));
    assertEquals("Ohio", ohio.get(ohio.size() - 1));
    assertEquals(plain, SyntheaRunner.arguments(100, 7, " ", out), "a blank state is Synthea's default");
  }
}
