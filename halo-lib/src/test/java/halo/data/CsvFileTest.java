package halo.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What CsvFile accepts and how it refuses the rest: strict UTF-8, BOM, compression by content, lines, header, numbers, dates. */
class CsvFileTest {
  @TempDir Path dir;

  private Path write(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  private Path write(String name, String text) throws IOException {
    return write(name, text.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(b)) {
      z.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return b.toByteArray();
  }

  /** Each record's line and first field. */
  private static List<String> lines(Path p) throws IOException {
    List<String> out = new ArrayList<>();
    try (CsvFile csv = CsvFile.open(p, "a")) {
      for (CsvFile.Row r : csv) out.add(r.line() + ":" + r.get(0));
    }
    return out;
  }

  @Test
  void givenBlankLinesAndAQuotedMultiLineFieldWhenReadThenLineNumbersAreTheFilesLines() throws IOException {
    // line 1 header; 2 x; 3 blank; 4 y; 5-7 one record whose quoted field spans 3 lines; 8 blank; 9 blank; 10 z
    Path p = write("t.csv", "a,b\nx,1\n\ny,2\n\"multi\nline\nfield\",3\n\n\r\nz,4\n");
    assertEquals(List.of("2:x", "4:y", "5:multi\nline\nfield", "10:z"), lines(p));
    // the same with CRLF line ends and a byte-order mark
    Path q = write("u.csv", "\uFEFFa,b\r\nx,1\r\n\r\ny,2\r\n\"multi\r\nline\r\nfield\",3\r\n\r\n\r\nz,4\r\n");
    assertEquals(List.of("2:x", "4:y", "5:multi\r\nline\r\nfield", "10:z"), lines(q));
  }

  @Test
  void givenAnErrorAfterBlankLinesThenItNamesTheRightLine() throws IOException {
    // the issue's case: a blank line before the bad row moved the reported line by one
    Path p = write("t.csv", "a,b\nx,1\n\ny,oops\n");
    try (CsvFile csv = CsvFile.open(p, "a", "b")) {
      var e = assertThrows(IllegalArgumentException.class, () -> {
        for (CsvFile.Row r : csv) r.number(1);
      });
      assertEquals("t.csv line 4, field b: 'oops' is not a decimal number (write digits with an optional '.' and exponent,"
          + " e.g. 8 or 7.9 or 1.2e3)", e.getMessage());
    }
  }

  @Test
  void givenAByteOrderMarkThenTheFirstColumnIsFound() throws IOException {
    Path p = write("bom.csv", "\uFEFFa,b\nx,1\n");
    assertEquals(List.of("2:x"), lines(p));
  }

  @Test
  void givenLatin1BytesThenAnErrorNamingLineAndColumnNotAReplacementCharacter() throws IOException {
    byte[] head = "a,b\ncafe,1\n".getBytes(StandardCharsets.UTF_8);
    byte[] bad = {'c', 'a', 'f', (byte) 0xE9, ',', '2', '\n'};
    byte[] all = new byte[head.length + bad.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(bad, 0, all, head.length, bad.length);
    Path p = write("latin.csv", all);
    var e = assertThrows(IllegalArgumentException.class, () -> lines(p));
    assertEquals("latin.csv line 3, column 4: byte 0xE9 is not valid UTF-8 (the file is probably in another encoding, e.g."
        + " Windows-1252 or Latin-1): save it as UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8 latin.csv > utf8-latin.csv", e.getMessage());
  }

  @Test
  void givenGzipNamedCsvOrTextNamedGzThenBothAreReadByContent() throws IOException {
    Path z = write("plain-name.csv", gzip("a,b\nx,1\n"));
    assertEquals(List.of("2:x"), lines(z));
    Path t = write("looks-compressed.csv.gz", "a,b\ny,2\n");
    assertEquals(List.of("2:y"), lines(t));
  }

  @Test
  void givenOnlyTheGzFileThenOpenFindsIt() throws IOException {
    write("events.csv.gz", gzip("a,b\nx,1\n"));
    assertEquals(List.of("2:x"), lines(dir.resolve("events.csv")));
    var e = assertThrows(IOException.class, () -> CsvFile.open(dir.resolve("other.csv")));
    assertEquals("file not found: " + dir.resolve("other.csv") + " (nor other.csv.gz)", e.getMessage());
  }

  @Test
  void givenADamagedGzipThenAnErrorNamingTheFile() throws IOException {
    StringBuilder sb = new StringBuilder("a,b\n");
    for (int i = 0; i < 5000; i++) sb.append("row").append(i).append(',').append(i).append('\n');
    byte[] z = gzip(sb.toString());
    Path p = write("cut.csv", java.util.Arrays.copyOf(z, z.length / 2));
    var e = assertThrows(IOException.class, () -> lines(p)); // damaged within the first chunk: found while reading the header
    assertTrue(e.getMessage().startsWith("cut.csv near line 1: "), e.getMessage());
    assertTrue(e.getMessage().contains("the gzip data is damaged or cut short"), e.getMessage());
  }

  @Test
  void givenAZipArchiveThenRefusedWithWhatToDo() throws IOException {
    Path p = write("data.csv", new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0});
    var e = assertThrows(IOException.class, () -> CsvFile.open(p));
    assertEquals("data.csv is a zip archive: unzip it and give the CSV file inside", e.getMessage());
  }

  @Test
  void givenADuplicateColumnThenRefused() throws IOException {
    Path p = write("d.csv", "a,b,a\n1,2,3\n");
    var e = assertThrows(IOException.class, () -> CsvFile.open(p, "a"));
    assertEquals("d.csv line 1: column a appears twice (columns 1 and 3); rename or remove one of them", e.getMessage());
  }

  @Test
  void givenAColumnDifferingInCaseThenTheMessageSaysSo() throws IOException {
    Path p = write("c.csv", "A ,b\n1,2\n");
    var e = assertThrows(IOException.class, () -> CsvFile.open(p, "a"));
    assertEquals("c.csv line 1: missing column a (header has [A , b]); column 'A ' differs only in case or spaces: names must"
        + " match exactly", e.getMessage());
  }

  @Test
  void givenNonDecimalNumbersThenEachIsRefused() throws IOException {
    Path p = write("n.csv", "a,v\nx,0x1p3\nx,7.9d\nx,NaN\nx,Infinity\nx,1f\nx,1e999\nx, 7.5 \nx,-.5\nx,1.2E3\n");
    List<String> out = new ArrayList<>();
    try (CsvFile csv = CsvFile.open(p, "a", "v")) {
      for (CsvFile.Row r : csv) {
        try {
          out.add(Double.toString(r.number(1)));
        } catch (IllegalArgumentException e) {
          out.add(e.getMessage().replaceAll(" \\(write digits.*", ""));
        }
      }
    }
    assertEquals(List.of("n.csv line 2, field v: '0x1p3' is not a decimal number", "n.csv line 3, field v: '7.9d' is not a decimal number",
        "n.csv line 4, field v: 'NaN' is not a decimal number", "n.csv line 5, field v: 'Infinity' is not a decimal number",
        "n.csv line 6, field v: '1f' is not a decimal number", "n.csv line 7, field v: '1e999' is too large for a number",
        "7.5", "-0.5", "1200.0"), out);
  }

  @Test
  void givenImpossibleDatesThenRefusedWithTheRule() throws IOException {
    Path p = write("dates.csv", "a,d\nx,0001-01-01\nx,2914-05-01\nx,2914-05-01T10:00:00Z\nx,1990-02-03\n");
    List<String> out = new ArrayList<>();
    try (CsvFile csv = CsvFile.open(p, "a", "d")) {
      for (CsvFile.Row r : csv) {
        try {
          out.add(r.line() == 4 ? Long.toString(r.epochSecond(1)) : r.date(1).toString());
        } catch (IllegalArgumentException e) {
          out.add(e.getMessage());
        }
      }
    }
    String rule = "is outside the dates accepted, from 1850-01-01 to one year after today; correct the date";
    assertEquals(List.of("dates.csv line 2, field d: '0001-01-01' " + rule, "dates.csv line 3, field d: '2914-05-01' " + rule,
        "dates.csv line 4, field d: '2914-05-01T10:00:00Z' " + rule, "1990-02-03"), out);
  }

  @Test
  void givenAnUnclosedQuoteThenAnErrorNamingFileAndLine() throws IOException {
    Path p = write("q.csv", "a,b\nx,1\n\"y,2\nz,3\n");
    var e = assertThrows(IllegalArgumentException.class, () -> lines(p));
    assertEquals("q.csv line 3: a quoted field starts on this line and is never closed; check the quotes: a field that contains a"
        + " comma, a quote or a line break must be quoted, and a quote inside it doubled (\"\")", e.getMessage());
  }

  @Test
  void givenAWrongFieldCountThenTheLineAndTheHeader() throws IOException {
    Path p = write("f.csv", "a,b\n\nx,1,2\n");
    var e = assertThrows(IllegalArgumentException.class, () -> lines(p));
    assertEquals("f.csv line 3: 3 fields, the header has 2 ([a, b])", e.getMessage());
  }

  @Test
  void givenAnEmptyFileThenNoHeaderLine() throws IOException {
    Path p = write("e.csv", "");
    var e = assertThrows(IOException.class, () -> CsvFile.open(p, "a"));
    assertEquals("e.csv line 1: no header line (the file is empty)", e.getMessage());
  }

  @Test
  void givenAFolderThenSaysSo() throws IOException {
    Path d = Files.createDirectories(dir.resolve("folder.csv"));
    var e = assertThrows(IOException.class, () -> CsvFile.open(d));
    assertEquals(d + " is a folder, not a CSV file", e.getMessage());
  }
}
