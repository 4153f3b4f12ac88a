package halo.cli;

import halo.Halo;
import halo.experiment.ExperimentResult;
import halo.experiment.Experiments;
import halo.experiment.Scale;
import halo.experiment.Workbench;
import halo.report.Results;
import halo.report.TableExport;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code ./halo reproduce}: every experiment of the notebooks, without Jupyter, results to results/ (smoke:
 * build/results-smoke/; another dataset: build/results-&lt;its folder&gt;/, or --out).
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
    description = "Run the experiments of notebooks 01-09 (the HALO paper's with its six models, then PromptEHR's imputation study) and"
        + " write their tables and figures to results/ (at the smoke scale to build/results-smoke/).")
public final class ReproduceCommand implements Callable<Integer> {
  @Option(names = "--scale", defaultValue = "default", description = "smoke | default | paper (default ${DEFAULT-VALUE})")
  String scale;

  @Option(names = "--data", description = "encoded dataset folder (default: datasets/default)")
  Path data;

  @Option(names = "--out", description = "folder to write each experiment's results into (default: results/ for the embedded"
      + " cohort, build/results-<dataset folder>/ for --data, build/results-smoke/ at the smoke scale)")
  Path out;

  @Option(names = "--only", split = ",", description = "experiment ids or number prefixes to run, e.g. 02,03 (default: all)")
  List<String> only;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    OptionChecks.exists(spec, "--data", data);
    Scale s = Scale.parse(scale);
    Workbench wb = data == null ? Workbench.open(s) : Workbench.open(s, data);
    // another dataset's numbers never overwrite the committed results of the embedded cohort
    Path root = out != null ? out.toAbsolutePath()
        : data == null || s == Scale.SMOKE ? Workbench.resultsRoot(s)
        : Halo.root().resolve("build").resolve("results-" + data.toAbsolutePath().normalize().getFileName());
    System.out.println("reproducing on " + wb.describe() + "; results to " + root);
    for (Experiments.Entry e : Experiments.all()) {
      if (only != null && only.stream().noneMatch(e.id()::startsWith)) continue;
      long t0 = System.nanoTime();
      System.out.println("== " + e.id());
      ExperimentResult r = e.runner().run(wb, System.out);
      for (var t : r.tables().values()) System.out.println(TableExport.text(t, 60) + "\n");
      System.out.printf("%s (%.0f s)%n", r.export(new Results(root.resolve(e.id()), r.provenance())), (System.nanoTime() - t0) / 1e9);
    }
    return 0;
  }
}
