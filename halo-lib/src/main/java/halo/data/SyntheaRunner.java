package halo.data;

import halo.Halo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Runs the Synthea 3.3.0 patient simulator in its own JVM (its ~140 jars stay off halo-lib's
 * classpath): resolves its classpath with Maven from datasets/synthea/pom.xml, then runs
 * {@code App -p N -s S -cs S -r 20260101} with only the CSV exporter on. The fixed reference date
 * ({@code -r}) makes a run reproducible: the same N and S give the same export.
 */
public final class SyntheaRunner {
  /** Reference date of every run: without it Synthea simulates up to "today". */
  public static final String REFERENCE_DATE = "20260101";

  private static final Pattern PATIENT_LINE = Pattern.compile("^\\d+ -- .*");

  private final Path pom;
  private final Path java;

  public SyntheaRunner(Path pom, Path java) {
    this.pom = pom;
    this.java = java;
  }

  /** Uses datasets/synthea/pom.xml under the project root and the Java running this JVM. */
  public static SyntheaRunner withDefaults() {
    return new SyntheaRunner(Halo.root().resolve("datasets").resolve("synthea").resolve("pom.xml"),
        Path.of(System.getProperty("java.home"), "bin", "java"));
  }

  /** The command line Synthea is run with (without the java executable and classpath). */
  public static List<String> arguments(int patients, long seed, Path baseDirectory) {
    return arguments(patients, seed, null, baseDirectory);
  }

  /** As {@link #arguments(int, long, Path)}, simulating the US state {@code state} (null: Synthea's default, Massachusetts). */
  public static List<String> arguments(int patients, long seed, String state, Path baseDirectory) {
    List<String> args = new ArrayList<>(List.of("App", "-p", Integer.toString(patients), "-s", Long.toString(seed), "-cs", Long.toString(seed),
        "-r", REFERENCE_DATE, "--exporter.csv.export=true", "--exporter.fhir.export=false",
        "--exporter.hospital.fhir.export=false", "--exporter.practitioner.fhir.export=false",
        "--exporter.baseDirectory=" + baseDirectory.toAbsolutePath()));
    if (state != null && !state.isBlank()) args.add(state.strip());
    return List.copyOf(args);
  }

  /**
   * Simulates {@code patients} patients with {@code seed} into {@code workDir} and returns the folder
   * of the CSV export ({@code workDir/csv}). {@code progress} receives short progress messages.
   */
  public Path run(int patients, long seed, Path workDir, Consumer<String> progress) throws IOException, InterruptedException {
    return run(patients, seed, null, workDir, progress);
  }

  /** As {@link #run(int, long, Path, Consumer)} for the US state {@code state} (null: Massachusetts). */
  public Path run(int patients, long seed, String state, Path workDir, Consumer<String> progress) throws IOException, InterruptedException {
    if (patients < 1) throw new IllegalArgumentException("patients must be >= 1, got " + patients);
    Files.createDirectories(workDir);
    String classpath = classpath(workDir, progress);
    List<String> cmd = new ArrayList<>(List.of(java.toString(), "-cp", classpath));
    cmd.addAll(arguments(patients, seed, state, workDir));
    progress.accept("running Synthea: " + String.join(" ", cmd.subList(3, cmd.size())));
    Path log = workDir.resolve("synthea.log");
    Process process = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).start();
    int done = 0, step = Math.max(1, patients / 20);
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        var logOut = Files.newBufferedWriter(log)) {
      for (String line; (line = out.readLine()) != null; ) {
        logOut.write(line);
        logOut.newLine();
        if (PATIENT_LINE.matcher(line).matches() && ++done % step == 0) {
          progress.accept("synthea: %d patients simulated (of %d alive requested)".formatted(done, patients));
        }
      }
    }
    int exit = process.waitFor();
    if (exit != 0) {
      throw new IOException("Synthea exited with status " + exit + "; see its log " + log);
    }
    Path csv = workDir.resolve("csv");
    if (!Files.isRegularFile(csv.resolve("patients.csv"))) {
      throw new IOException("Synthea finished but wrote no " + csv.resolve("patients.csv") + "; see " + log);
    }
    return csv;
  }

  /** Resolves Synthea's classpath with {@code mvn dependency:build-classpath} (cached next to the pom's build). */
  private String classpath(Path workDir, Consumer<String> progress) throws IOException, InterruptedException {
    if (!Files.isRegularFile(pom)) throw new IOException("Synthea pom not found: " + pom);
    Path out = workDir.resolve("synthea-classpath.txt");
    progress.accept("resolving Synthea 3.3.0 with Maven (" + pom + ")");
    ProcessBuilder pb = new ProcessBuilder("mvn", "-q", "-B", "-ntp", "-f", pom.toString(), "dependency:build-classpath",
        "-Dmdep.outputFile=" + out.toAbsolutePath())
        .redirectErrorStream(true).redirectOutput(workDir.resolve("maven.log").toFile());
    // Maven reads the project's .mvn/jvm.config (flags for Java 25): run it on the JDK running us
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process mvn = pb.start();
    int exit = mvn.waitFor();
    if (exit != 0 || !Files.isRegularFile(out)) {
      throw new IOException("mvn dependency:build-classpath failed (status " + exit + "); see " + workDir.resolve("maven.log")
          + " (is mvn on the PATH and Maven Central reachable?)");
    }
    return Files.readString(out).strip();
  }
}
