package halo.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import halo.data.Vocabulary;
import halo.model.HaloConfig;
import halo.model.VisitModel;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A training checkpoint: the config that built the model, the vocabulary hash, the training state
 * (step, epoch, position, shuffle generator, best validation), the parameters and the Adam moments.
 * Written atomically (a temporary file in the same folder, flushed to disk, then renamed over the old
 * one), so a process killed at any moment leaves either the old or the new checkpoint, never a torn
 * one. Layout: magic, format version, config JSON, vocabulary hash, state, parameters, then the
 * optimizers: their count and, for each, its objective's name and its Adam state (format 2; format 1,
 * written before models had several optimizers, held a flag and one Adam, and is still read).
 */
public final class Checkpoint {
  private static final String MAGIC = "HALO-CHECKPOINT";
  private static final String END = "END-OF-CHECKPOINT";
  public static final int FORMAT_VERSION = 2;
  private static final ObjectMapper JSON = new ObjectMapper();

  private Checkpoint() {}

  /** Saves the model, its optimizers by objective name (null: parameters only, e.g. a best-validation checkpoint) and the state. */
  public static void save(Path file, VisitModel model, java.util.Map<String, Adam> adams, TrainState s) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      try (var fos = new java.io.FileOutputStream(tmp.toFile());
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(fos, 1 << 16))) {
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
        fos.getFD().sync();
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The config stored in a checkpoint. */
  public static HaloConfig config(Path file) throws IOException {
    try (DataInputStream in = open(file)) {
      readVersion(in, file);
      return readConfig(in, file);
    }
  }

  /** A model rebuilt from a checkpoint (config and parameters); the vocabulary must be the one it was trained with. */
  public static VisitModel loadModel(Path file, Vocabulary vocabulary) throws IOException {
    try (DataInputStream in = open(file)) {
      int version = readVersion(in, file);
      HaloConfig c = readConfig(in, file);
      vocabulary.requireHash(in.readUTF(), "checkpoint " + file);
      VisitModel model = VisitModel.create(c, vocabulary);
      try {
        readState(in);
        model.params().read(in, file.toString());
        readOptimizers(in, version, null, file);
        requireEnd(in, file);
      } catch (IOException | RuntimeException e) {
        model.close();
        throw e;
      }
      return model;
    } catch (EOFException e) {
      throw new IOException(file + " ends early: the checkpoint is truncated", e);
    }
  }

  /** Restores parameters and (when present and {@code adam} is given) the optimizer into an existing model; returns the state. */
  public static TrainState restore(Path file, VisitModel model, java.util.Map<String, Adam> adams) throws IOException {
    try (DataInputStream in = open(file)) {
      int version = readVersion(in, file);
      HaloConfig c = readConfig(in, file);
      HaloConfig mc = model.config();
      // what may change on resume: run length (epochs, step budgets), validation and early stopping, and step sizes
      HaloConfig.Baselines cb = c.baselines(), mb = mc.baselines();
      if (!c.withEpochs(mc.epochs()).withSteps(mc.minSteps(), mc.maxSteps()).withPatience(mc.patience()).withValidateEvery(mc.validateEvery())
          .withLearningRate(mc.learningRate())
          .withBaselines(new HaloConfig.Baselines(cb.latent(), cb.codeEmbedding(), cb.condition(), cb.noise(), cb.ganWidth(), mb.ganEpochs(),
              mb.ganLearningRate(), mb.criticLearningRate(), cb.gradientPenalty())).equals(mc)) {
        throw new IOException(file + " was written by a different model config " + c + "; expected " + model.config());
      }
      model.vocabulary().requireHash(in.readUTF(), "checkpoint " + file);
      TrainState s = readState(in);
      model.params().read(in, file.toString());
      readOptimizers(in, version, adams, file);
      requireEnd(in, file);
      return s;
    } catch (EOFException e) {
      throw new IOException(file + " ends early: the checkpoint is truncated", e);
    }
  }

  /** Reads the stored optimizers into {@code adams} (by name; null = skip them all); every one given must be stored. */
  private static void readOptimizers(DataInputStream in, int version, java.util.Map<String, Adam> adams, Path file) throws IOException {
    int n = version == 1 ? (in.readBoolean() ? 1 : 0) : in.readInt();
    if (adams != null && n == 0) {
      throw new IOException(file + " holds no optimizer state (a best-validation checkpoint?): resume from " + Trainer.LAST);
    }
    java.util.Set<String> restored = new java.util.HashSet<>();
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

  private static void requireEnd(DataInputStream in, Path file) throws IOException {
    if (!END.equals(in.readUTF())) throw new IOException(file + " has no end marker: the checkpoint is truncated or corrupt");
  }

  private static DataInputStream open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) throw new IOException("checkpoint not found: " + file);
    return new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
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

  private static HaloConfig readConfig(DataInputStream in, Path file) throws IOException {
    return JSON.readValue(in.readUTF(), HaloConfig.class);
  }

  private static TrainState readState(DataInputStream in) throws IOException {
    return new TrainState(in.readLong(), in.readInt(), in.readInt(), in.readLong(), in.readDouble(), in.readInt(), in.readLong());
  }

}
