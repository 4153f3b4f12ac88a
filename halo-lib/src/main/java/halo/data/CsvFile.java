package halo.data;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV file with a header row, streamed record by record (memory does not grow with the file), plain
 * or gzip-compressed ({@code .gz}). Columns are looked up once by name; every parse error names the
 * file, the line and the field, e.g. {@code encounters.csv line 12, field START: '2012-13-01' is not
 * a date}. Line numbers count the header as line 1 (fields spanning lines would shift them; none of
 * the sources read here has such fields).
 */
final class CsvFile implements Closeable, Iterable<CsvFile.Row> {
  private static final CSVFormat FORMAT =
      CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).get();

  private final String name;
  private final CSVParser parser;
  private final List<String> header;

  private CsvFile(String name, CSVParser parser) {
    this.name = name;
    this.parser = parser;
    this.header = parser.getHeaderNames();
  }

  /** Opens {@code file} (gzip when its name ends in .gz) and checks that {@code required} columns exist. */
  static CsvFile open(Path file, String... required) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("file not found: " + file);
    }
    InputStream in = Files.newInputStream(file);
    if (file.getFileName().toString().endsWith(".gz")) {
      in = new java.util.zip.GZIPInputStream(in, 1 << 16);
    }
    CSVParser parser;
    try {
      parser = CSVParser.parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16), FORMAT);
    } catch (IOException | IllegalArgumentException e) {
      in.close();
      throw new IOException(file + ": cannot read the CSV header: " + e.getMessage(), e);
    }
    CsvFile csv = new CsvFile(file.getFileName().toString(), parser);
    for (String column : required) {
      csv.require(column);
    }
    return csv;
  }

  /** The first of {@code dir/name} and {@code dir/name.gz} that exists, or null. */
  static Path find(Path dir, String name) {
    for (Path p : List.of(dir.resolve(name), dir.resolve(name + ".gz"))) {
      if (Files.isRegularFile(p)) return p;
    }
    return null;
  }

  String name() {
    return name;
  }

  /** Index of a required column; an {@link IOException} naming the file and the columns it has. */
  int require(String column) throws IOException {
    int i = column(column);
    if (i < 0) {
      throw new IOException(name + ": missing column " + column + " (header has " + header + ")");
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
      @Override
      public boolean hasNext() {
        try {
          return records.hasNext();
        } catch (UncheckedIOException | IllegalStateException e) {
          throw new IllegalArgumentException(name + " near line " + (parser.getCurrentLineNumber() + 1)
              + ": malformed CSV: " + e.getMessage(), e);
        }
      }

      @Override
      public Row next() {
        if (!hasNext()) throw new NoSuchElementException();
        Row row = new Row(records.next());
        if (row.record.size() != header.size()) {
          throw new IllegalArgumentException(row.where() + ": " + row.record.size() + " fields, the header has "
              + header.size() + " (" + header + ")");
        }
        return row;
      }
    };
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }

  /** One data record, with typed accessors whose errors name file, line and field. */
  final class Row {
    private final CSVRecord record;

    private Row(CSVRecord record) {
      this.record = record;
    }

    /** Line number in the file (the header is line 1). */
    long line() {
      return record.getRecordNumber() + 1;
    }

    /** "file line N", for messages and {@link LoadReport.Builder#skip}. */
    String where() {
      return name + " line " + line();
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
      try {
        if (s.length() == 10) return LocalDate.parse(s);
        return LocalDate.ofInstant(instant(s), ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        throw error(column, "'" + s + "' is not a date (expected yyyy-MM-dd or an ISO date-time)");
      }
    }

    /** Seconds since the epoch (UTC) of a date or ISO date-time ({@code yyyy-MM-dd HH:mm:ss} accepted too). */
    long epochSecond(int column) {
      String s = required(column);
      try {
        if (s.length() == 10) return LocalDate.parse(s).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        return instant(s).getEpochSecond();
      } catch (DateTimeParseException e) {
        throw error(column, "'" + s + "' is not a date or date-time (expected e.g. 2012-01-19T20:12:34Z)");
      }
    }

    private static Instant instant(String s) {
      if (s.endsWith("Z") || s.indexOf('+', 10) > 0) return Instant.parse(s);
      return LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    }

    /** A finite number; NaN, infinities and text are errors. */
    double number(int column) {
      String s = required(column);
      double v;
      try {
        v = Double.parseDouble(s);
      } catch (NumberFormatException e) {
        throw error(column, "'" + s + "' is not a number");
      }
      if (!Double.isFinite(v)) throw error(column, "'" + s + "' is not a finite number");
      return v;
    }

    /** An error naming the file, the line and the field. */
    IllegalArgumentException error(int column, String message) {
      String field = column >= 0 && column < header.size() ? header.get(column) : "#" + column;
      return new IllegalArgumentException(where() + ", field " + field + ": " + message);
    }
  }
}
