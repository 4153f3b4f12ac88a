package halo.data;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * A CSV file with a header row, streamed record by record (memory does not grow with the file). What
 * it accepts, and how it refuses the rest (every message names the file, the line and the field):
 *
 * <ul>
 *   <li>Text is UTF-8, decoded strictly: a byte that is not UTF-8 is an error naming line and column
 *       ({@link StrictTextReader}); a leading byte-order mark is dropped.
 *   <li>Compression is detected from the content, not the name: gzip (magic bytes 1f 8b) is read
 *       through; zip, bzip2, xz and zstd files are refused with what to do. {@link #open} also finds
 *       {@code name.gz} when {@code name} is absent.
 *   <li>The header must name each column once; required columns must be present.
 *   <li>Line numbers are lines of the file (the header is line 1), right after blank lines (which are
 *       skipped) and quoted fields spanning several lines: a record's line is the one it starts on.
 *   <li>Numbers are decimal ({@code 7}, {@code -0.5}, {@code 1.2e3}); Java's other forms ({@code 0x1p3},
 *       {@code 7.9d}, {@code NaN}, {@code Infinity}) are refused. Dates are {@code yyyy-MM-dd} or ISO
 *       date-times inside the file's {@link DateRange}.
 * </ul>
 */
final class CsvFile implements Closeable, Iterable<CsvFile.Row> {
  private static final CSVFormat FORMAT =
      CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(false)
          .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL).get(); // duplicates are refused by checkHeader, naming them
  /** A decimal number: digits with an optional fraction and exponent, nothing else. */
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?");

  /**
   * The dates a file may hold; outside them a date is an error naming the rule.
   *
   * @param rule the rule in words, for messages, e.g. "from 1850-01-01 to one year after today"
   */
  record DateRange(LocalDate earliest, LocalDate latest, String rule) {
    /**
     * Real-world records (Synthea, own CSV): from 1850-01-01 to one year after today (UTC). Earlier
     * dates are typing errors or placeholders (0001-01-01); later ones cannot have happened yet (a
     * Synthea run with a future reference date should use a reference date at most a year ahead).
     */
    static DateRange realWorld() {
      return new DateRange(LocalDate.of(1850, 1, 1), LocalDate.now(ZoneOffset.UTC).plusYears(1),
          "from 1850-01-01 to one year after today");
    }

    /** MIMIC-III shifts every date of a patient into the years 2100-2210; its tables hold 1850-01-01 to 2300-12-31. */
    static DateRange mimic() {
      return new DateRange(LocalDate.of(1850, 1, 1), LocalDate.of(2300, 12, 31),
          "from 1850-01-01 to 2300-12-31 (MIMIC-III shifts dates into 2100-2210)");
    }

    boolean contains(LocalDate d) {
      return !d.isBefore(earliest) && !d.isAfter(latest);
    }
  }

  private final String name;
  private final StrictTextReader text;
  private final CSVParser parser;
  private final List<String> header;
  private DateRange dates = DateRange.realWorld();

  private CsvFile(String name, StrictTextReader text, CSVParser parser) {
    this.name = name;
    this.text = text;
    this.parser = parser;
    this.header = parser.getHeaderNames();
  }

  /**
   * Opens {@code file} (or {@code file.gz} when {@code file} is absent), decompressing gzip found by
   * its content, and checks the header: each column named once, {@code required} columns present.
   */
  static CsvFile open(Path file, String... required) throws IOException {
    Path found = Files.exists(file) || file.getFileName() == null ? file : file.resolveSibling(file.getFileName() + ".gz");
    if (Files.isDirectory(found)) throw new IOException(found + " is a folder, not a CSV file");
    if (!Files.isRegularFile(found)) {
      throw new IOException("file not found: " + file + (found.equals(file) ? "" : " (nor " + found.getFileName() + ")"));
    }
    String name = found.getFileName().toString();
    InputStream in = decompressed(found);
    StrictTextReader text = new StrictTextReader(in, name);
    CSVParser parser;
    try {
      parser = CSVParser.parse(text, FORMAT);
    } catch (StrictTextReader.MalformedTextException e) {
      text.close();
      throw new IllegalArgumentException(e.getMessage(), e);
    } catch (StrictTextReader.DamagedInputException e) {
      text.close();
      throw new IOException(e.getMessage(), e);
    } catch (IOException | IllegalArgumentException | UncheckedIOException e) {
      text.close();
      throw new IOException(name + " line 1: cannot read the CSV header: " + e.getMessage(), e);
    }
    CsvFile csv = new CsvFile(name, text, parser);
    try {
      csv.checkHeader(required);
    } catch (IOException e) {
      csv.close();
      throw e;
    }
    return csv;
  }

  /**
   * The bytes of {@code file}, gunzipped when they start with gzip's magic bytes (whatever the name);
   * other compressed formats are refused with a message naming the file and what to do.
   */
  static InputStream decompressed(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    byte[] magic = new byte[6];
    in.mark(magic.length);
    int n = in.readNBytes(magic, 0, magic.length);
    in.reset();
    String what = null;
    if (n >= 2 && (magic[0] & 0xFF) == 0x1F && (magic[1] & 0xFF) == 0x8B) {
      try {
        return new GZIPInputStream(in, 1 << 16);
      } catch (IOException e) {
        in.close();
        throw new IOException(file.getFileName() + ": starts like gzip but is damaged (" + e.getMessage()
            + "): compress it again or give the uncompressed file", e);
      }
    } else if (n >= 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
      what = "a zip archive: unzip it and give the CSV file inside";
    } else if (n >= 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') {
      what = "bzip2-compressed: decompress it (bunzip2) or gzip it instead";
    } else if (n >= 6 && (magic[0] & 0xFF) == 0xFD && magic[1] == '7' && magic[2] == 'z' && magic[3] == 'X' && magic[4] == 'Z') {
      what = "xz-compressed: decompress it (unxz) or gzip it instead";
    } else if (n >= 4 && (magic[0] & 0xFF) == 0x28 && (magic[1] & 0xFF) == 0xB5 && (magic[2] & 0xFF) == 0x2F && (magic[3] & 0xFF) == 0xFD) {
      what = "zstd-compressed: decompress it (unzstd) or gzip it instead";
    }
    if (what != null) {
      in.close();
      throw new IOException(file.getFileName() + " is " + what);
    }
    return in;
  }

  /** The first of {@code dir/name} and {@code dir/name.gz} that exists, or null. */
  static Path find(Path dir, String name) {
    for (Path p : List.of(dir.resolve(name), dir.resolve(name + ".gz"))) {
      if (Files.isRegularFile(p)) return p;
    }
    return null;
  }

  private void checkHeader(String... required) throws IOException {
    if (header.isEmpty()) throw new IOException(name + " line 1: no header line (the file is empty)");
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String h = header.get(i);
      Integer before = seen.put(h, i);
      if (before != null && !h.isEmpty()) {
        throw new IOException(name + " line 1: column " + h + " appears twice (columns " + (before + 1) + " and " + (i + 1)
            + "); rename or remove one of them");
      }
    }
    for (String column : required) require(column);
  }

  /** Sets the dates this file may hold (default {@link DateRange#realWorld()}); returns this. */
  CsvFile dates(DateRange range) {
    this.dates = range;
    return this;
  }

  String name() {
    return name;
  }

  /** Index of a required column; an {@link IOException} naming the file and the columns it has. */
  int require(String column) throws IOException {
    int i = column(column);
    if (i < 0) {
      String hint = "";
      for (String h : header) {
        if (h.strip().equalsIgnoreCase(column)) hint = "; column '" + h + "' differs only in case or spaces: names must match exactly";
      }
      throw new IOException(name + " line 1: missing column " + column + " (header has " + header + ")" + hint);
    }
    return i;
  }

  /** Index of a column, or -1 when the file has no such column. */
  int column(String column) {
    return header.indexOf(column);
  }

  @Override
  public Iterator<Row> iterator() {
    Iterator<CSVRecord> records = parser.iterator();
    return new Iterator<>() {
      private CSVRecord pending;

      @Override
      public boolean hasNext() {
        while (pending == null) {
          CSVRecord r;
          try {
            if (!records.hasNext()) return false;
            r = records.next();
          } catch (UncheckedIOException | IllegalStateException e) {
            throw malformed(e);
          }
          if (r.size() == 1 && r.get(0).isEmpty()) continue; // a blank line
          pending = r;
        }
        return true;
      }

      @Override
      public Row next() {
        if (!hasNext()) throw new NoSuchElementException();
        Row row = new Row(pending, text.lineOf(pending.getCharacterPosition()));
        pending = null;
        if (row.record.size() != header.size()) {
          throw new IllegalArgumentException(row.where() + ": " + row.record.size() + " fields, the header has "
              + header.size() + " (" + header + ")");
        }
        return row;
      }
    };
  }

  /** A parse error as an {@link IllegalArgumentException} naming the file and line. */
  private IllegalArgumentException malformed(RuntimeException e) {
    Throwable cause = e.getCause();
    if (cause instanceof StrictTextReader.MalformedTextException m) return new IllegalArgumentException(m.getMessage(), m);
    if (cause instanceof StrictTextReader.DamagedInputException d) return new IllegalArgumentException(d.getMessage(), d);
    String why = cause != null && cause.getMessage() != null ? cause.getMessage() : e.getMessage();
    String advice = "check the quotes: a field that contains a comma, a quote or a line break must be quoted, and a quote inside"
        + " it doubled (\"\")";
    Matcher m = Pattern.compile("\\(startline (\\d+)\\) EOF reached before encapsulated token finished").matcher(why);
    if (m.find()) {
      // Commons CSV counts physical lines like we do: the record whose quote never closes starts there
      return new IllegalArgumentException(name + " line " + m.group(1) + ": a quoted field starts on this line and is never closed; "
          + advice, e);
    }
    return new IllegalArgumentException(name + " near line " + parser.getCurrentLineNumber() + ": malformed CSV (" + why + "); " + advice, e);
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }

  /** One data record, with typed accessors whose errors name file, line and field. */
  final class Row {
    private final CSVRecord record;
    private final long line;

    private Row(CSVRecord record, long line) {
      this.record = record;
      this.line = line;
    }

    /** Line number in the file where this record starts (the header is line 1). */
    long line() {
      return line;
    }

    /** "file line N", for messages and {@link LoadReport.Builder#skip}. */
    String where() {
      return name + " line " + line;
    }

    /** The stripped text of a column ({@code ""} when the column index is -1). */
    String get(int column) {
      return column < 0 ? "" : record.get(column).strip();
    }

    /** The text of a column that must not be empty. */
    String required(int column) {
      String s = get(column);
      if (s.isEmpty()) throw error(column, "is empty");
      return s;
    }

    /** A date {@code yyyy-MM-dd}, or the date part (UTC) of an ISO date-time such as {@code 2012-01-19T20:12:34Z}. */
    LocalDate date(int column) {
      String s = required(column);
      LocalDate d;
      try {
        d = s.length() == 10 ? LocalDate.parse(s) : LocalDate.ofInstant(instant(s), ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        throw error(column, "'" + s + "' is not a date (expected yyyy-MM-dd or an ISO date-time)");
      }
      return inRange(column, s, d);
    }

    /** Seconds since the epoch (UTC) of a date or ISO date-time ({@code yyyy-MM-dd HH:mm:ss} accepted too). */
    long epochSecond(int column) {
      String s = required(column);
      long seconds;
      try {
        seconds = s.length() == 10 ? LocalDate.parse(s).atStartOfDay().toEpochSecond(ZoneOffset.UTC) : instant(s).getEpochSecond();
      } catch (DateTimeParseException e) {
        throw error(column, "'" + s + "' is not a date or date-time (expected e.g. 2012-01-19T20:12:34Z)");
      }
      inRange(column, s, LocalDate.ofInstant(Instant.ofEpochSecond(seconds), ZoneOffset.UTC));
      return seconds;
    }

    private LocalDate inRange(int column, String s, LocalDate d) {
      if (!dates.contains(d)) throw error(column, "'" + s + "' is outside the dates accepted, " + dates.rule() + "; correct the date");
      return d;
    }

    private static Instant instant(String s) {
      if (s.endsWith("Z") || s.indexOf('+', 10) > 0) return Instant.parse(s);
      return LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    }

    /** A finite decimal number ({@code 7}, {@code -0.5}, {@code 1.2e3}); anything else is an error. */
    double number(int column) {
      String s = required(column);
      if (!DECIMAL.matcher(s).matches()) {
        throw error(column, "'" + s + "' is not a decimal number (write digits with an optional '.' and exponent, e.g. 8 or 7.9 or 1.2e3)");
      }
      double v = Double.parseDouble(s);
      if (!Double.isFinite(v)) throw error(column, "'" + s + "' is too large for a number");
      return v;
    }

    /** An error naming the file, the line and the field. */
    IllegalArgumentException error(int column, String message) {
      String field = column >= 0 && column < header.size() ? header.get(column) : "#" + column;
      return new IllegalArgumentException(where() + ", field " + field + ": " + message);
    }
  }
}
