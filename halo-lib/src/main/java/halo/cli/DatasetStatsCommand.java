package halo.cli;

import halo.data.Dataset;
import halo.data.DatasetStatistics;
import halo.report.TableExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code halo dataset stats [DIR]}: statistics of a dataset folder (default datasets/default). */
@Command(name = "stats", mixinStandardHelpOptions = true, description = "Print statistics of a dataset folder.")
final class DatasetStatsCommand implements Callable<Integer> {
  private static final Pattern TRUNCATED = Pattern.compile("([\\d,]+) records truncated .*?\\(([\\d,]+) visits dropped\\)");

  @Parameters(arity = "0..1", description = "Dataset folder (default datasets/default).")
  Path dir;

  @Override
  public Integer call() throws Exception {
    Path d = dir != null ? dir : Dataset.defaultDir();
    long t0 = System.nanoTime();
    Dataset dataset = Dataset.load(d);
    double seconds = (System.nanoTime() - t0) / 1e9;
    long records = -1, visits = -1;
    Path encoding = d.resolve("encoding.txt");
    if (Files.isRegularFile(encoding)) {
      Matcher m = TRUNCATED.matcher(Files.readString(encoding));
      if (m.find()) {
        records = Long.parseLong(m.group(1).replace(",", ""));
        visits = Long.parseLong(m.group(2).replace(",", ""));
      }
    }
    System.out.println(TableExport.text(DatasetStatistics.of(dataset, records, visits), Integer.MAX_VALUE));
    System.out.printf("%s loaded in %.2f s (vocabulary %s: %d entries)%n", d, seconds, dataset.vocabulary().hash(),
        dataset.vocabulary().size());
    return 0;
  }
}
