package halo.cli;

import halo.data.Dataset;
import halo.data.Vocabulary;
import halo.model.VisitModel;
import halo.sample.Generator;
import halo.sample.SyntheticExport;
import halo.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./halo generate}: samples synthetic records from a checkpoint and writes synthetic.halo and synthetic.csv. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Generate synthetic records from a trained model (unconditional, with given labels, or continuing real records).")
public final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--checkpoint", required = true, description = "best.ckpt or last.ckpt of a training run")
  Path checkpoint;

  @Option(names = "--vocabulary", description = "vocabulary.json (default: next to the checkpoint)")
  Path vocabulary;

  @Option(names = "--count", defaultValue = "1000", description = "records to generate (default ${DEFAULT-VALUE})")
  int count;

  @Option(names = "--labels", split = ",", description = "condition every record on these label names (chronic labels, demographics such as sex:f)")
  List<String> labels;

  @Option(names = "--continue", description = "continue the test records of this encoded dataset folder")
  Path continueData;

  @Option(names = "--keep-visits", defaultValue = "1", description = "real visits kept when continuing (default ${DEFAULT-VALUE})")
  int keepVisits;

  @Option(names = "--seed", defaultValue = "4", description = "Seed of the sampling (default ${DEFAULT-VALUE}).") long seed;

  @Option(names = "--out", required = true, description = "output folder")
  Path out;

  @Override
  public Integer call() throws Exception {
    Path vf = vocabulary != null ? vocabulary : checkpoint.toAbsolutePath().getParent().resolve("vocabulary.json");
    Vocabulary v = Vocabulary.load(vf);
    try (VisitModel m = Checkpoint.loadModel(checkpoint, v)) {
      Generator g = new Generator(m);
      Generator.Result r;
      if (continueData != null) {
        Dataset ds = Dataset.load(continueData);
        v.requireHash(ds.vocabulary().hash(), continueData.toString());
        r = g.continueRecords(ds.test().patients(), keepVisits, seed, "cont");
      } else if (labels != null && !labels.isEmpty()) {
        int[] set = new int[labels.size()];
        for (int i = 0; i < set.length; i++) {
          set[i] = v.labelIndexOf(labels.get(i));
          if (set[i] < 0) throw new IllegalArgumentException("label '" + labels.get(i) + "' is not in " + vf + " (labels: " + v.labels() + ")");
        }
        java.util.Arrays.sort(set);
        List<int[]> sets = new ArrayList<>();
        for (int i = 0; i < count; i++) sets.add(set);
        r = g.sampleWithLabels(sets, seed, "cond");
      } else {
        r = g.sample(count, seed, "syn");
      }
      Files.createDirectories(out);
      long rows = SyntheticExport.write(out, r.cohort(), v, seed);
      System.out.printf("%d records (%d visits, %d empty generated visits dropped) in %.1f s (%.1f records/s); %d CSV rows%n",
          r.cohort().size(), r.cohort().visitCount(), r.emptyVisitsDropped(), r.seconds(), r.recordsPerSecond(), rows);
      System.out.println("wrote " + out.resolve("synthetic.halo") + " and " + out.resolve("synthetic.csv"));
    }
    return 0;
  }
}
