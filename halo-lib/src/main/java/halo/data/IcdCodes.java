package halo.data;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * ICD-9-CM and ICD-10 codes written with or without the dot. MIMIC-III and the phenotype definitions
 * of mimic3-benchmarks write ICD-9 codes without it ({@code 25000}, {@code V5861}, {@code E8790}); many
 * extracts and users' own files write it ({@code 250.00}, {@code V58.61}, {@code E879.0}). Both are
 * read as the undotted form, upper case: the dot only separates the category from its subdivision,
 * so removing it changes no code's meaning ({@code 401.9} and {@code 4019} are the same code). A
 * dotted code must look like one: 2-4 letters or digits, the dot, 1-4 letters or digits.
 */
public final class IcdCodes {
  private static final Pattern DOTTED = Pattern.compile("[A-Za-z0-9]{2,4}\\.[A-Za-z0-9]{1,4}");

  private IcdCodes() {}

  /** The undotted, upper-case form of {@code code}; an {@link IllegalArgumentException} for a malformed dotted code. */
  public static String normalise(String code) {
    String c = code.strip();
    if (c.indexOf('.') < 0) return c.toUpperCase(Locale.ROOT);
    if (!DOTTED.matcher(c).matches()) {
      throw new IllegalArgumentException("'" + code + "' is not an ICD code (expected e.g. 25000 or 250.00, V5861 or V58.61)");
    }
    return c.replace(".", "").toUpperCase(Locale.ROOT);
  }
}
