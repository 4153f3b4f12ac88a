package halo.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import halo.data.Vocabulary;
import halo.model.GenerativeModel;
import halo.model.HaloConfig;
import halo.model.Params;
import halo.model.Sampling;
import halo.model.Training;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * A training checkpoint: the config that built the model, the vocabulary hash, the training state
 * (step, epoch, position, shuffle generator, best validation), the parameters and the Adam moments.
 * Written atomically (a temporary file {@code NAME.PID-N.tmp} in the same folder, flushed to disk,
 * then renamed over the old one), so a process killed at any moment leaves either the old or the new
 * checkpoint, never a torn one; {@link #removeStale} deletes the temporary files such kills leave.
 *
 * <p>Layout: magic, format version, config JSON, vocabulary hash, state, parameters, then the
 * optimizers: their count and, for each, its objective's name and its Adam state, then an end marker
 * and (format 3 on) the CRC32C of every byte before it, as a long. Format 4 stores the config per concern
 * ({@link HaloConfig}: model shape, training, sampling, seed); formats 1 to 3 stored one flat record,
 * still read ({@link LegacyConfig}). Every load checks, before using
 * anything: the checksum over the whole file, then that every stored value is finite (and every
 * parameter at most {@link halo.model.Params#MAX_ABS_PARAMETER} in magnitude). A damaged file is
 * refused with a message naming it and the way out (the run's other checkpoint, or retraining).
 * Formats 1 and 2 (no checksum; format 1 held a flag and one Adam) are still read, with the value checks.
 */
public final class Checkpoint {
  private static final String MAGIC = "HALO-CHECKPOINT";
  private static final String END = "END-OF-CHECKPOINT";
  public static final int FORMAT_VERSION = 4;
  /** The first format with a checksum. */
  private static final int FIRST_CHECKSUMMED = 3;
  /** The first format whose config is stored per concern (model shape, training, sampling, seed). */
  static final int FIRST_PER_CONCERN = 4;
  private static final ObjectMapper JSON = new ObjectMapper();

  private Checkpoint() {}

  /** Saves the model, its optimizers by objective name (null: parameters only, e.g. a best-validation checkpoint) and the state. */
  public static void save(Path file, GenerativeModel model, Map<String, Adam> adams, TrainState s) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName() + "." + ProcessHandle.current().pid() + "-", ".tmp");
    try {
      try (var fos = new FileOutputStream(tmp.toFile());
          var buffered = new BufferedOutputStream(fos, 1 << 16);
          var checked = new CheckedOutputStream(buffered, new CRC32C());
          DataOutputStream out = new DataOutputStream(checked)) {
        out.writeUTF(MAGIC);
        out.writeInt(FORMAT_VERSION);
        out.writeUTF(JSON.writeValueAsString(model.config()));
        out.writeUTF(model.vocabulary().hash());
        out.writeLong(s.step());
        out.writeInt(s.epoch());
        out.writeInt(s.batchInEpoch());
        out.writeLong(s.epochRng());
        out.writeDouble(s.bestValidation());
        out.writeInt(s.badValidations());
        out.writeLong(s.lastValidationStep());
        model.params().write(out);
        out.writeInt(adams == null ? 0 : adams.size());
        if (adams != null) {
          for (var e : adams.entrySet()) {
            out.writeUTF(e.getKey());
            e.getValue().write(out);
          }
        }
        out.writeUTF(END);
        out.flush();
        new DataOutputStream(buffered).writeLong(checked.getChecksum().getValue()); // the checksum of every byte before it
        buffered.flush();
        fos.getFD().sync();
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Deletes the temporary files of checkpoint writes that never finished ({@code last.ckpt*.tmp},
   * {@code best.ckpt*.tmp}: a process killed while writing) in {@code dir}, except those of processes
   * still alive. Returns one line per file removed.
   */
  public static List<String> removeStale(Path dir) throws IOException {
    List<String> removed = new ArrayList<>();
    if (dir == null || !Files.isDirectory(dir)) return removed;
    try (var files = Files.list(dir)) {
      for (Path p : files.sorted().toList()) {
        String n = p.getFileName().toString();
        String stem = n.startsWith(Trainer.LAST) ? Trainer.LAST : n.startsWith(Trainer.BEST) ? Trainer.BEST : null;
        if (stem == null || !n.endsWith(".tmp") || !Files.isRegularFile(p) || writerAlive(n.substring(stem.length()))) continue;
        long bytes = Files.size(p);
        Files.deleteIfExists(p);
        removed.add("removed %s (%,d bytes), left by a checkpoint write that was interrupted".formatted(p, bytes));
      }
    }
    return removed;
  }

  /** Whether the temporary file with this suffix (".PID-N.tmp"; older ones have no pid) belongs to another live process. */
  private static boolean writerAlive(String suffix) {
    if (!suffix.startsWith(".") || suffix.indexOf('-') < 0) return false;
    try {
      long pid = Long.parseLong(suffix.substring(1, suffix.indexOf('-')));
      return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** The config stored in a checkpoint. */
  public static HaloConfig config(Path file) throws IOException {
    try (DataInputStream in = open(file)) {
      return readConfig(in, readVersion(in, file), file);
    }
  }

  /** A model rebuilt from a checkpoint (config and parameters); the vocabulary must be the one it was trained with. */
  public static GenerativeModel loadModel(Path file, Vocabulary vocabulary) throws IOException {
    return loadModel(file, vocabulary, null);
  }

  /**
   * As {@link #loadModel(Path, Vocabulary)}, sampling with {@code sampling} (a temperature or top-k
   * for this generation) instead of the stored settings when it is not null; the parameters are the same.
   *
   * @throws IllegalArgumentException when the model cannot sample that way (top-k for a Bernoulli model)
   */
  public static GenerativeModel loadModel(Path file, Vocabulary vocabulary, Sampling sampling) throws IOException {
    try (DataInputStream in = open(file)) {
      int version = readVersion(in, file);
      HaloConfig stored = readConfig(in, version, file);
      HaloConfig c = sampling == null ? stored : stored.withSampling(sampling);
      vocabulary.requireHash(in.readUTF(), "checkpoint " + file);
      GenerativeModel model = GenerativeModel.create(c, vocabulary);
      try {
        readState(in);
        model.params().read(in, file.toString());
        readOptimizers(in, version, null, file);
        requireEnd(in, version, file);
      } catch (IOException | RuntimeException e) {
        model.close();
        throw e;
      }
      return model;
    } catch (EOFException e) {
      throw new IOException(file + " ends early: the checkpoint is truncated; " + fallBack(file), e);
    } catch (Params.DamagedValuesException e) {
      throw new IOException(e.getMessage() + "; " + fallBack(file), e);
    }
  }

  /** Restores parameters and (when present and {@code adam} is given) the optimizer into an existing model; returns the state. */
  public static TrainState restore(Path file, GenerativeModel model, Map<String, Adam> adams) throws IOException {
    try (DataInputStream in = open(file)) {
      int version = readVersion(in, file);
      HaloConfig c = readConfig(in, version, file);
      HaloConfig mc = model.config();
      if (!resumable(c, mc).equals(mc)) {
        throw new IOException(file + " was written by a different model config " + c + "; expected " + model.config());
      }
      model.vocabulary().requireHash(in.readUTF(), "checkpoint " + file);
      TrainState s = readState(in);
      model.params().read(in, file.toString());
      readOptimizers(in, version, adams, file);
      requireEnd(in, version, file);
      return s;
    } catch (EOFException e) {
      throw new IOException(file + " ends early: the checkpoint is truncated; " + fallBack(file), e);
    } catch (Params.DamagedValuesException e) {
      throw new IOException(e.getMessage() + "; " + fallBack(file), e);
    }
  }

  /** Reads the stored optimizers into {@code adams} (by name; null = skip them all); every one given must be stored. */
  private static void readOptimizers(DataInputStream in, int version, Map<String, Adam> adams, Path file) throws IOException {
    int n = version == 1 ? (in.readBoolean() ? 1 : 0) : in.readInt();
    if (adams != null && n == 0) {
      throw new IOException(file + " holds no optimizer state (a best-validation checkpoint?): resume from " + Trainer.LAST);
    }
    Set<String> restored = new HashSet<>();
    for (int i = 0; i < n; i++) {
      String name = version == 1 ? (adams != null && adams.size() == 1 ? adams.keySet().iterator().next() : "model") : in.readUTF();
      Adam adam = adams == null ? null : adams.get(name);
      if (adams != null && adam == null) throw new IOException(file + " holds optimizer '" + name + "', the model has " + adams.keySet());
      if (adam != null) {
        adam.read(in, file.toString());
        restored.add(name);
      } else {
        in.readLong(); // Adam step
        skipArrays(in);
        skipArrays(in);
      }
    }
    if (adams != null && !restored.equals(adams.keySet())) {
      throw new IOException(file + " holds optimizers " + restored + ", the model trains " + adams.keySet());
    }
  }

  private static void skipArrays(DataInputStream in) throws IOException {
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      in.readUTF();
      long size = 1;
      int dims = in.readInt();
      for (int d = 0; d < dims; d++) size *= in.readLong();
      in.skipNBytes(size * 4);
    }
  }

  private static void requireEnd(DataInputStream in, int version, Path file) throws IOException {
    if (!END.equals(in.readUTF())) throw new IOException(file + " has no end marker: the checkpoint is truncated or corrupt; " + fallBack(file));
    if (version >= FIRST_CHECKSUMMED) in.readLong(); // the checksum, verified when the file was opened
    if (in.read() >= 0) throw new IOException(file + " has bytes after its end marker: the checkpoint is corrupt; " + fallBack(file));
  }

  /** What to do about a damaged checkpoint: use the run's other one, or train again. */
  static String fallBack(Path file) {
    String name = file.getFileName().toString();
    if (name.equals(Trainer.LAST)) {
      return "fall back to " + file.resolveSibling(Trainer.BEST) + " (generate, evaluate) or retrain (train --overwrite, without --resume)";
    }
    if (name.equals(Trainer.BEST)) {
      return "fall back to " + file.resolveSibling(Trainer.LAST) + " or retrain (train --overwrite)";
    }
    return "fall back to the run's best.ckpt or last.ckpt, or retrain";
  }

  /** Opens a checkpoint after checking its magic, version and (format 3 on) the checksum over the whole file. */
  private static DataInputStream open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) throw new IOException("checkpoint not found: " + file);
    int version;
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      version = readVersion(in, file);
    } catch (EOFException e) {
      throw new IOException(file + " is not a HALO checkpoint (it ends after " + Files.size(file) + " bytes)", e);
    }
    if (version >= FIRST_CHECKSUMMED) verifyChecksum(file);
    return new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
  }

  /** Checks the CRC32C stored in the last 8 bytes against every byte before them. */
  static void verifyChecksum(Path file) throws IOException {
    long size = Files.size(file);
    if (size < 8) throw new IOException(file + " ends early: the checkpoint is truncated; " + fallBack(file));
    CRC32C crc = new CRC32C();
    long stored;
    try (var in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      byte[] buf = new byte[1 << 16];
      long left = size - 8;
      while (left > 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) throw new EOFException();
        crc.update(buf, 0, n);
        left -= n;
      }
      stored = new DataInputStream(in).readLong();
    }
    if (stored != crc.getValue()) {
      throw new IOException(file + " is damaged: its CRC32C checksum (%08x) does not match its content (%08x), so it was changed or cut short after it was written; "
          .formatted(stored, crc.getValue()) + fallBack(file));
    }
  }

  private static int readVersion(DataInputStream in, Path file) throws IOException {
    String magic;
    try {
      magic = in.readUTF();
    } catch (IOException e) {
      throw new IOException(file + " is not a HALO checkpoint", e);
    }
    if (!MAGIC.equals(magic)) throw new IOException(file + " is not a HALO checkpoint (header '" + magic + "')");
    int version = in.readInt();
    if (version < 1 || version > FORMAT_VERSION) {
      throw new IOException(file + " has checkpoint format " + version + "; this halo-lib reads 1 to " + FORMAT_VERSION);
    }
    return version;
  }

  /**
   * The stored config with what may change on resume taken from {@code now}: run length (epochs, step
   * budgets, GAN epochs), validation and early stopping, label balance, and step sizes. The model
   * shape, batch size, gradient penalty, sampling and seed must be the checkpoint's.
   */
  static HaloConfig resumable(HaloConfig stored, HaloConfig now) {
    Training t = now.training();
    return stored.withTraining(b -> {
      b.epochs(t.epochs()).steps(t.minSteps(), t.maxSteps()).labelBalance(t.labelBalance()).patience(t.patience())
          .validateEvery(t.validateEvery()).learningRate(t.learningRate());
      if (stored.training().gan() != null && t.gan() != null) {
        b.ganWith(g -> g.epochs(t.gan().epochs()).learningRate(t.gan().learningRate()).criticLearningRate(t.gan().criticLearningRate()));
      }
      return b;
    });
  }

  /** The config: format 4 writes it per concern; formats 1 to 3 wrote one flat record ({@link LegacyConfig}). */
  private static HaloConfig readConfig(DataInputStream in, int version, Path file) throws IOException {
    String json = in.readUTF();
    try {
      return version < FIRST_PER_CONCERN ? LegacyConfig.read(JSON, json) : JSON.readValue(json, HaloConfig.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException(file + " holds a config this halo-lib cannot read (" + e.getMessage() + "): " + json, e);
    }
  }

  private static TrainState readState(DataInputStream in) throws IOException {
    return new TrainState(in.readLong(), in.readInt(), in.readInt(), in.readLong(), in.readDouble(), in.readInt(), in.readLong());
  }

}
