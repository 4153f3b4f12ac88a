package halo.model.textgpt;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text GPT's subword tokenizer: GPT-2's byte-level BPE, trained here on the training split's
 * sentences ({@link #train}) and run by the Hugging Face tokenizers library (its Rust implementation,
 * through DJL's {@code ai.djl.huggingface:tokenizers}, whose native library ships inside the jar, so
 * nothing is fetched at run time). That library's Java binding loads, encodes and decodes but does
 * not train, so the training is ours; what it produces is an ordinary {@code tokenizer.json}
 * ({@link #json}), which the Python {@code tokenizers} package reads as well.
 *
 * <p>Byte-level: text is split into words by GPT-2's pattern (a word carries the space before it),
 * each word's UTF-8 bytes become 256 base symbols, and training repeatedly merges the most frequent
 * adjacent pair of symbols (counted over the words, weighted by their frequency; ties broken by the
 * pair's text, so training is deterministic) until the vocabulary has the size asked for or no pair
 * occurs twice. Every string encodes and decodes losslessly whatever the merges, since every byte is
 * a symbol.
 *
 * <p>Token ids: 0 is {@value #END_OF_TEXT} (begins and ends a sequence), 1–256 the bytes in order,
 * then each merge's new symbol in the order learnt.
 */
public final class BpeTokenizer implements AutoCloseable {
  public static final String END_OF_TEXT = "<|endoftext|>";
  /** GPT-2's pre-tokenization pattern (the library's ByteLevel pre-tokenizer uses the same). */
  private static final Pattern WORDS = Pattern.compile("'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+");
  private static final char[] BYTE_CHAR = byteChars();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> merges;
  private final int size;
  private final HuggingFaceTokenizer tokenizer;
  private final String json;

  private BpeTokenizer(List<String> merges) {
    this.merges = List.copyOf(merges);
    Map<String, Integer> vocab = vocabulary(this.merges);
    size = vocab.size();
    json = tokenizerJson(vocab, this.merges);
    try {
      tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
    } catch (IOException e) {
      throw new UncheckedIOException("the Hugging Face tokenizers library refused the BPE tokenizer built from " + merges.size() + " merges", e);
    }
  }

  /** The tokenizer of these merges ("a b": the two symbols' texts in the byte alphabet, as {@link #train} returns them). */
  public static BpeTokenizer of(List<String> merges) {
    return new BpeTokenizer(merges);
  }

  /** The merges this tokenizer applies, in rank order. */
  public List<String> merges() {
    return merges;
  }

  /** Token ids are 0 .. size − 1. */
  public int size() {
    return size;
  }

  /** The id of {@value #END_OF_TEXT}, which begins and ends every sequence: 0. */
  public int endOfText() {
    return 0;
  }

  /** The tokens of {@code text} (no {@value #END_OF_TEXT} added). */
  public int[] encode(String text) {
    Encoding e = tokenizer.encode(text);
    long[] ids = e.getIds();
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) out[i] = Math.toIntExact(ids[i]);
    return out;
  }

  /** The text of {@code ids}; {@value #END_OF_TEXT} tokens among them are left out. Ids must be below {@link #size}. */
  public String decode(int[] ids) {
    long[] l = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] < 0 || ids[i] >= size) throw new IllegalArgumentException("token id " + ids[i] + " is outside the tokenizer's 0.." + (size - 1));
      l[i] = ids[i];
    }
    return tokenizer.decode(l, true);
  }

  /** The tokenizer as a Hugging Face {@code tokenizer.json}. */
  public String json() {
    return json;
  }

  @Override
  public void close() {
    tokenizer.close();
  }

  // ------------------------------------------------------------------ training

  /**
   * Byte-level BPE merges learnt from {@code texts} for a vocabulary of at most {@code size} tokens
   * ({@value #END_OF_TEXT}, the 256 bytes and one symbol per merge): fewer when no pair of symbols
   * occurs twice any more.
   */
  public static List<String> train(Iterable<String> texts, int size) {
    if (size < 257) throw new IllegalArgumentException("a byte-level BPE vocabulary holds at least 257 tokens (end-of-text and 256 bytes), got " + size);
    Map<String, Integer> wordCounts = new HashMap<>();
    for (String t : texts) for (String w : words(t)) wordCounts.merge(w, 1, Integer::sum);
    List<String> symbols = new ArrayList<>();
    Map<String, Integer> symbolIds = new HashMap<>();
    for (char c : BYTE_CHAR) {
      symbolIds.put(String.valueOf(c), symbols.size());
      symbols.add(String.valueOf(c));
    }
    List<int[]> words = new ArrayList<>(wordCounts.size());
    int[] counts = new int[wordCounts.size()];
    for (var e : wordCounts.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
      String w = e.getKey();
      int[] s = new int[w.length()];
      for (int i = 0; i < s.length; i++) s[i] = symbolIds.get(String.valueOf(w.charAt(i)));
      counts[words.size()] = e.getValue();
      words.add(s);
    }
    List<String> merges = new ArrayList<>();
    int vocabulary = 1 + symbols.size();
    while (vocabulary < size) {
      Map<Long, Long> pairs = new HashMap<>();
      for (int w = 0; w < words.size(); w++) {
        int[] s = words.get(w);
        for (int i = 0; i + 1 < s.length; i++) pairs.merge(((long) s[i] << 32) | s[i + 1], (long) counts[w], Long::sum);
      }
      long best = -1, bestCount = 1;
      for (var e : pairs.entrySet()) {
        long c = e.getValue();
        if (c > bestCount || c == bestCount && best >= 0 && c > 1 && compare(e.getKey(), best, symbols) < 0) {
          best = e.getKey();
          bestCount = c;
        }
      }
      if (best < 0) break; // no pair occurs twice
      int a = (int) (best >>> 32), b = (int) best;
      String merged = symbols.get(a) + symbols.get(b);
      Integer id = symbolIds.get(merged);
      if (id == null) {
        id = symbols.size();
        symbolIds.put(merged, id);
        symbols.add(merged);
        vocabulary++;
      }
      merges.add(symbols.get(a) + " " + symbols.get(b));
      for (int w = 0; w < words.size(); w++) words.set(w, merge(words.get(w), a, b, id));
    }
    return merges;
  }

  /** The pair keys' order by their symbols' texts. */
  private static int compare(long p, long q, List<String> symbols) {
    int c = symbols.get((int) (p >>> 32)).compareTo(symbols.get((int) (q >>> 32)));
    return c != 0 ? c : symbols.get((int) p).compareTo(symbols.get((int) q));
  }

  private static int[] merge(int[] s, int a, int b, int id) {
    int n = 0;
    int[] out = null;
    for (int i = 0; i < s.length; i++) {
      if (i + 1 < s.length && s[i] == a && s[i + 1] == b) {
        if (out == null) {
          out = new int[s.length - 1];
          System.arraycopy(s, 0, out, 0, i);
          n = i;
        }
        out[n++] = id;
        i++;
      } else if (out != null) {
        out[n++] = s[i];
      }
    }
    return out == null ? s : java.util.Arrays.copyOf(out, n);
  }

  /** The words of {@code text} as GPT-2 splits them, each in the byte alphabet. */
  static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = WORDS.matcher(text);
    while (m.find()) {
      byte[] bytes = m.group().getBytes(StandardCharsets.UTF_8);
      StringBuilder w = new StringBuilder(bytes.length);
      for (byte x : bytes) w.append(BYTE_CHAR[x & 0xff]);
      out.add(w.toString());
    }
    return out;
  }

  /**
   * GPT-2's map of the 256 byte values to printable characters: the printable Latin-1 ones ('!'–'~',
   * '¡'–'¬', '®'–'ÿ') stand for themselves, every other byte for 256 + its rank among them (a space
   * is 'Ġ').
   */
  private static char[] byteChars() {
    char[] out = new char[256];
    int next = 256;
    for (int b = 0; b < 256; b++) {
      boolean printable = b >= '!' && b <= '~' || b >= 0xA1 && b <= 0xAC || b >= 0xAE;
      out[b] = (char) (printable ? b : next++);
    }
    return out;
  }

  private static Map<String, Integer> vocabulary(List<String> merges) {
    Map<String, Integer> vocab = new LinkedHashMap<>();
    vocab.put(END_OF_TEXT, 0);
    for (char c : BYTE_CHAR) vocab.put(String.valueOf(c), vocab.size());
    for (String m : merges) {
      int space = m.indexOf(' ');
      if (space <= 0 || space == m.length() - 1 || m.indexOf(' ', space + 1) >= 0) throw new IllegalArgumentException("a merge is two symbols separated by one space, got '" + m + "'");
      String a = m.substring(0, space), b = m.substring(space + 1);
      if (!vocab.containsKey(a) || !vocab.containsKey(b)) throw new IllegalArgumentException("merge '" + m + "' uses a symbol no earlier merge made");
      vocab.putIfAbsent(a + b, vocab.size());
    }
    return vocab;
  }

  private static String tokenizerJson(Map<String, Integer> vocab, List<String> merges) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ObjectNode eot = root.putArray("added_tokens").addObject();
    eot.put("id", 0).put("content", END_OF_TEXT).put("single_word", false).put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
    root.putNull("normalizer");
    root.set("pre_tokenizer", byteLevel());
    root.putNull("post_processor");
    root.set("decoder", byteLevel());
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE").putNull("dropout");
    model.putNull("unk_token").putNull("continuing_subword_prefix").putNull("end_of_word_suffix");
    model.put("fuse_unk", false).put("byte_fallback", false);
    ObjectNode v = model.putObject("vocab");
    vocab.forEach(v::put);
    ArrayNode m = model.putArray("merges");
    merges.forEach(m::add);
    try {
      return JSON.writeValueAsString(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode byteLevel() {
    return JSON.createObjectNode().put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", true).put("use_regex", true);
  }
}
