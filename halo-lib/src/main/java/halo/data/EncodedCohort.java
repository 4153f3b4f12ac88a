package halo.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Encoded patients plus the hash of the vocabulary they index into. Saved in a compact, versioned,
 * deterministic binary file (gzip; header: magic, format version, vocabulary hash, counts; then per
 * patient its id, labels and delta-coded visits as variable-length integers). The same cohort always
 * gives the same bytes.
 */
public record EncodedCohort(String vocabularyHash, List<EncodedPatient> patients) {
  private static final String MAGIC = "HALO-ENCODED";
  /** Version of the binary layout; bump on any change. */
  public static final int FORMAT_VERSION = 1;

  public EncodedCohort {
    patients = List.copyOf(patients);
  }

  public int size() {
    return patients.size();
  }

  public int visitCount() {
    return patients.stream().mapToInt(EncodedPatient::visitCount).sum();
  }

  public long codeCount() {
    return patients.stream().mapToLong(EncodedPatient::codeCount).sum();
  }

  /** The patients whose ids are in {@code ids}, in the order of {@code ids}; unknown ids are an error. */
  public EncodedCohort select(Collection<String> ids) {
    Map<String, EncodedPatient> byId = patients.stream().collect(Collectors.toMap(EncodedPatient::id, Function.identity()));
    List<EncodedPatient> out = new ArrayList<>(ids.size());
    for (String id : ids) {
      EncodedPatient p = byId.get(id);
      if (p == null) {
        throw new IllegalArgumentException("patient id '" + id + "' is not in this cohort of " + size() + " patients");
      }
      out.add(p);
    }
    return new EncodedCohort(vocabularyHash, out);
  }

  /** Patients with at least one visit (generated zero-visit records are removed before evaluation). */
  public EncodedCohort nonEmpty() {
    return new EncodedCohort(vocabularyHash, patients.stream().filter(p -> p.visitCount() > 0).toList());
  }

  // ---------------------------------------------------------------- binary I/O

  /** Writes the cohort (atomically: a temporary file renamed into place). */
  public void save(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
    try (OutputStream os = Files.newOutputStream(tmp)) {
      write(os);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    readableByAll(file);
  }

  /** Writes the gzip-compressed binary form (no timestamps: same cohort, same bytes). */
  public void write(OutputStream target) throws IOException {
    GZIPOutputStream gz = new GZIPOutputStream(target, 1 << 16);
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(gz, 1 << 16));
    out.writeUTF(MAGIC);
    out.writeInt(FORMAT_VERSION);
    out.writeUTF(vocabularyHash);
    out.writeInt(size());
    out.writeInt(visitCount());
    out.writeLong(codeCount());
    for (EncodedPatient p : patients) {
      out.writeUTF(p.id());
      writeSorted(out, p.labels());
      writeVarInt(out, p.visitCount());
      for (int[] v : p.visits()) {
        writeSorted(out, v);
      }
    }
    out.flush();
    gz.finish();
  }

  /** Reads a cohort written by {@link #save}. */
  public static EncodedCohort load(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("encoded cohort not found: " + file);
    }
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    }
  }

  /** Reads a cohort and checks it was encoded with {@code vocabulary}. */
  public static EncodedCohort load(Path file, Vocabulary vocabulary) throws IOException {
    EncodedCohort c = load(file);
    vocabulary.requireHash(c.vocabularyHash(), file.toString());
    for (EncodedPatient p : c.patients()) {
      int[] ls = p.labels();
      if (ls.length > 0 && ls[ls.length - 1] >= vocabulary.labelCount()) {
        throw new IOException(file + ": patient " + p.id() + " has label " + ls[ls.length - 1]
            + " outside the vocabulary's " + vocabulary.labelCount() + " labels");
      }
      for (int[] v : p.visits()) {
        if (v.length > 0 && v[v.length - 1] >= vocabulary.codeCount()) {
          throw new IOException(file + ": patient " + p.id() + " has code " + v[v.length - 1]
              + " outside the vocabulary's " + vocabulary.codeCount() + " codes");
        }
      }
    }
    return c;
  }

  public static EncodedCohort read(InputStream source, String name) throws IOException {
    DataInputStream in;
    try {
      in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(source, 1 << 16), 1 << 16));
    } catch (IOException e) {
      throw new IOException(name + " is not an encoded cohort (not gzip): " + e.getMessage(), e);
    }
    try {
      String magic = in.readUTF();
      if (!MAGIC.equals(magic)) {
        throw new IOException(name + " is not an encoded cohort (header '" + magic + "')");
      }
      int version = in.readInt();
      if (version != FORMAT_VERSION) {
        throw new IOException(name + " has encoded-cohort format " + version + "; this halo-lib reads " + FORMAT_VERSION);
      }
      String hash = in.readUTF();
      int n = in.readInt();
      int visits = in.readInt();
      long codes = in.readLong();
      List<EncodedPatient> patients = new ArrayList<>(n);
      Set<String> ids = new HashSet<>();
      for (int i = 0; i < n; i++) {
        String id = in.readUTF();
        if (!ids.add(id)) {
          throw new IOException(name + ": duplicate patient id '" + id + "' (record " + i + ")");
        }
        int[] labels = readSorted(in);
        int[][] vs = new int[readVarInt(in)][];
        for (int t = 0; t < vs.length; t++) {
          vs[t] = readSorted(in);
        }
        patients.add(new EncodedPatient(id, labels, vs));
      }
      EncodedCohort c = new EncodedCohort(hash, patients);
      if (c.visitCount() != visits || c.codeCount() != codes) {
        throw new IOException(name + ": header says " + visits + " visits / " + codes + " codes, content has "
            + c.visitCount() + " / " + c.codeCount() + " (truncated or corrupt file)");
      }
      return c;
    } catch (EOFException e) {
      throw new IOException(name + " ends early: the file is truncated", e);
    }
  }

  private static void writeSorted(DataOutputStream out, int[] a) throws IOException {
    writeVarInt(out, a.length);
    int prev = -1;
    for (int x : a) {
      writeVarInt(out, x - prev - 1);
      prev = x;
    }
  }

  private static int[] readSorted(DataInputStream in) throws IOException {
    int[] a = new int[readVarInt(in)];
    int prev = -1;
    for (int i = 0; i < a.length; i++) {
      prev = prev + 1 + readVarInt(in);
      a[i] = prev;
    }
    return a;
  }

  private static void writeVarInt(DataOutputStream out, int v) throws IOException {
    while ((v & ~0x7F) != 0) {
      out.writeByte((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out.writeByte(v);
  }

  private static int readVarInt(DataInputStream in) throws IOException {
    int v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = in.readUnsignedByte();
      v |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) return v;
    }
    throw new IOException("malformed variable-length integer");
  }

  /** Temporary files are created owner-only (rw-------); a saved dataset file is meant to be shared. */
  static void readableByAll(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: keep its default permissions
    }
  }
}
