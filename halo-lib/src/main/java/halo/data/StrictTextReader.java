package halo.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipException;

/**
 * Reads UTF-8 text strictly: a byte sequence that is not UTF-8 is an error naming the file, the line
 * and the column (never a silent U+FFFD), a leading byte-order mark is dropped (Excel's "CSV UTF-8"
 * writes one), and the line of any character position handed out so far can be asked for ({@link
 * #lineOf}), so that a CSV parser's record positions become line numbers that stay right after
 * blank lines and quoted fields spanning several lines. Lines end at {@code \n} ({@code \r\n}
 * included); a lone {@code \r} does not count as a line end.
 *
 * <p>Memory stays bounded: only the positions of line ends not yet asked about are kept, and callers
 * ask about increasing positions (the record starts of a streaming parser).
 */
final class StrictTextReader extends Reader {
  /** A byte sequence that is not UTF-8, with where it is; {@link #getMessage()} says how to fix the file. */
  static final class MalformedTextException extends IOException {
    final long line;
    final long column;

    MalformedTextException(String name, long line, long column, String bytes, int count) {
      super(name + " line " + line + ", column " + column + ": " + (count == 1 ? "byte " + bytes + " is" : "bytes " + bytes + " are")
          + " not valid UTF-8 (the file is probably in another encoding, e.g. Windows-1252 or Latin-1): save it as UTF-8,"
          + " e.g. iconv -f WINDOWS-1252 -t UTF-8 " + name + " > utf8-" + name);
      this.line = line;
      this.column = column;
    }
  }

  /** Compressed input that cannot be decompressed; the message names the file and what to do. */
  static final class DamagedInputException extends IOException {
    DamagedInputException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final InputStream in;
  private final String name;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip(); // read mode, empty
  private final CharBuffer chars = CharBuffer.allocate(1 << 16).flip(); // decoded, not yet handed out
  private boolean endOfInput;
  private boolean flushed;
  private boolean started;
  /** Characters decoded so far (the BOM excluded): the position of the next decoded character. */
  private long decoded;
  /** Position just after the last line end decoded, and the line count up to it. */
  private long lastLineStart;
  private long linesDecoded;
  /** Positions of decoded line ends not yet passed by {@link #lineOf}: a ring buffer. */
  private long[] ends = new long[1024];
  private int head, size;
  private long endsPassed;

  StrictTextReader(InputStream in, String name) {
    this.in = in;
    this.name = name;
  }

  /**
   * The 1-based line holding character position {@code position} (0-based, as counted by a parser
   * reading this reader, the BOM excluded). Positions asked for must not decrease.
   */
  long lineOf(long position) {
    while (size > 0 && ends[head] < position) {
      head = (head + 1) % ends.length;
      size--;
      endsPassed++;
    }
    return endsPassed + 1;
  }

  @Override
  public int read(char[] buf, int off, int len) throws IOException {
    if (len == 0) return 0;
    if (!chars.hasRemaining() && !fill()) return -1;
    int n = Math.min(len, chars.remaining());
    chars.get(buf, off, n);
    return n;
  }

  /** Decodes the next chunk into {@link #chars}; false at the end of the input. */
  private boolean fill() throws IOException {
    chars.clear();
    while (chars.position() == 0) {
      if (flushed) break;
      CoderResult r = decoder.decode(bytes, chars, endOfInput);
      if (r.isError()) {
        scan(!started && chars.position() > 0 && chars.get(0) == '\uFEFF' ? 1 : 0, chars.position());
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < r.length(); i++) b.append(i == 0 ? "" : " ").append("0x%02X".formatted(bytes.get(bytes.position() + i) & 0xFF));
        chars.clear().flip();
        throw new MalformedTextException(name, linesDecoded + 1, decoded - lastLineStart + 1, b.toString(), r.length());
      }
      if (r.isOverflow()) break;
      if (endOfInput) {
        decoder.flush(chars);
        flushed = true;
        break;
      }
      bytes.compact();
      int got;
      try {
        got = in.read(bytes.array(), bytes.position(), bytes.remaining());
      } catch (ZipException | EOFException e) {
        throw new DamagedInputException(name + " near line " + (linesDecoded + 1) + ": the gzip data is damaged or cut short ("
            + e.getMessage() + "): compress the file again or use the uncompressed CSV", e);
      }
      if (got < 0) endOfInput = true;
      else bytes.position(bytes.position() + got);
      bytes.flip();
    }
    chars.flip();
    int from = 0;
    if (!started && chars.hasRemaining()) {
      started = true;
      if (chars.get(0) == '\uFEFF') {
        chars.get(); // the byte-order mark: not part of the text
        from = 1;
      }
    }
    scan(from, chars.limit());
    return chars.hasRemaining();
  }

  /** Records the line ends among decoded characters [from, to) of {@link #chars}. */
  private void scan(int from, int to) {
    for (int i = from; i < to; i++) {
      if (chars.get(i) == '\n') {
        long pos = decoded + (i - from);
        if (size == ends.length) grow();
        ends[(head + size) % ends.length] = pos;
        size++;
        linesDecoded++;
        lastLineStart = pos + 1;
      }
    }
    decoded += to - from;
  }

  private void grow() {
    long[] bigger = new long[ends.length * 2];
    for (int i = 0; i < size; i++) bigger[i] = ends[(head + i) % ends.length];
    ends = bigger;
    head = 0;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
