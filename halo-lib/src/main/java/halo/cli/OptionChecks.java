package halo.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Range checks of option values, done before any work: a value outside its range is a usage error
 * naming the option, its allowed range and the value given (e.g. {@code --count must be from 1 to
 * 10,000,000, got -5}).
 */
final class OptionChecks {
  private OptionChecks() {}

  /** {@code min <= value <= max}. */
  static void range(CommandSpec spec, String option, long value, long min, long max) {
    if (value < min || value > max) {
      throw new ParameterException(spec.commandLine(), "%s must be from %,d to %,d, got %,d".formatted(option, min, max, value));
    }
  }

  /** {@code min <= value <= max} for a nullable value (null: not given, nothing to check). */
  static void range(CommandSpec spec, String option, Integer value, long min, long max) {
    if (value != null) range(spec, option, (long) value, min, max);
  }

  /** {@code 0 < value <= max}, finite. */
  static void positive(CommandSpec spec, String option, Double value, double max) {
    if (value != null && !(value > 0 && value <= max)) {
      throw new ParameterException(spec.commandLine(), "%s must be greater than 0 and at most %s, got %s".formatted(option, max, value));
    }
  }

  /** {@code min <= value <= max} for a nullable value (null: not given, nothing to check). */
  static void between(CommandSpec spec, String option, Double value, double min, double max) {
    if (value != null && !(value >= min && value <= max)) {
      throw new ParameterException(spec.commandLine(), "%s must be from %s to %s, got %s".formatted(option, min, max, value));
    }
  }

  /** An input file or folder that must exist. */
  static void exists(CommandSpec spec, String option, Path path) {
    if (path != null && !Files.exists(path)) throw new ParameterException(spec.commandLine(), option + " " + path + " does not exist");
  }
}
