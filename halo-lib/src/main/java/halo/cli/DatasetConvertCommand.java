package halo.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** placeholder replaced below */
@Command(name = "convert")
final class DatasetConvertCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return 1;
  }
}
