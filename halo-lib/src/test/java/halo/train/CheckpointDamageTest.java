package halo.train;

import static org.junit.jupiter.api.Assertions.*;

import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import halo.model.Fixtures;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.model.GenerativeModel;
import halo.model.RecordLikelihood;
import halo.model.halo.HaloModel;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged checkpoints are detected (issue 14): the damage seen in the wild (4 KB of NaN in the
 * weights, 1,000 flipped exponent bits, 256 flipped bytes then a resume) is refused in the current
 * format by its checksum, and in format-2 files (no checksum; still read) by the value checks on
 * load or the loss check after a resume. Every refusal names the file and the way out; nothing on
 * disk changes; format-2 files that are sound still load and resume.
 */
class CheckpointDamageTest {
  static final Vocabulary VOC = Fixtures.vocabulary(20, 2);
  static final List<EncodedPatient> TRAIN = Fixtures.random(VOC, 60, 6, 1);
  static final List<EncodedPatient> VAL = Fixtures.random(VOC, 12, 6, 2);
  /** HALO with the authors' head: the format-2 files these tests make from today's runs only ever held that head (the flat config has no tied logits). */
  static final HaloConfig CONFIG = HaloConfig.smoke().withModel(s -> s.embedding(16).layers(2).heads(2).context(9).extras(new HaloModel.Head(false)))
      .withTraining(t -> t.batchSize(8)).withTraining(t -> t.epochs(2).validateEvery(4)).withSeed(7);

  @TempDir static Path trained;
  @TempDir Path dir;
  /** A run stopped at step 11 (mid-epoch 2) and the parameters of the same run trained through. */
  static float[] straight;

  @BeforeAll
  static void train() throws IOException {
    try (GenerativeModel m = GenerativeModel.create(CONFIG, VOC)) {
      Trainer.fit(m, TRAIN, VAL, Trainer.Options.quiet().withDir(trained.resolve("straight")));
      straight = CheckpointTest.flat(m);
    }
    try (GenerativeModel m = GenerativeModel.create(CONFIG, VOC)) {
      Trainer.fit(m, TRAIN, VAL, Trainer.Options.quiet().withDir(trained.resolve("cut")).withStopAfterSteps(11));
    }
  }

  /** A fresh copy of the stopped run's folder (last.ckpt, best.ckpt). */
  Path run() throws IOException {
    Path r = dir.resolve("run");
    Files.createDirectories(r);
    for (String n : List.of(Trainer.LAST, Trainer.BEST)) Files.copy(trained.resolve("cut").resolve(n), r.resolve(n));
    return r;
  }

  /** Byte ranges [offset, offset + length) of the float data of every stored array, with its name. */
  record Data(String name, int offset, int length) {}

  static List<Data> dataRanges(byte[] b) throws IOException {
    ByteArrayInputStream bytes = new ByteArrayInputStream(b);
    DataInputStream in = new DataInputStream(bytes);
    in.readUTF();
    int version = in.readInt();
    in.readUTF(); // config
    in.readUTF(); // vocabulary hash
    in.skipNBytes(8 + 4 + 4 + 8 + 8 + 4 + 8); // training state
    List<Data> out = new ArrayList<>();
    readArrays(b, bytes, in, out);
    int optimizers = version == 1 ? (in.readBoolean() ? 1 : 0) : in.readInt();
    for (int i = 0; i < optimizers; i++) {
      if (version > 1) in.readUTF();
      in.readLong();
      readArrays(b, bytes, in, out);
      readArrays(b, bytes, in, out);
    }
    return out;
  }

  private static void readArrays(byte[] b, ByteArrayInputStream bytes, DataInputStream in, List<Data> out) throws IOException {
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      String name = in.readUTF();
      long size = 1;
      int dims = in.readInt();
      for (int d = 0; d < dims; d++) size *= in.readLong();
      int offset = b.length - bytes.available();
      out.add(new Data(name, offset, (int) size * 4));
      in.skipNBytes(size * 4);
    }
  }

  /**
   * The same checkpoint in format 2: version 2, the config as one flat record ({@link
   * LegacyCheckpointTest#flatJson}), no checksum (the layout is otherwise the same).
   */
  static byte[] toFormat2(byte[] v4) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(v4, 0, v4.length - 8));
    String magic = in.readUTF();
    assertEquals(Checkpoint.FORMAT_VERSION, in.readInt(), "a file in today's format");
    HaloConfig config = new com.fasterxml.jackson.databind.ObjectMapper().readValue(in.readUTF(), HaloConfig.class);
    var out = new java.io.ByteArrayOutputStream();
    DataOutputStream o = new DataOutputStream(out);
    o.writeUTF(magic);
    o.writeInt(2);
    o.writeUTF(LegacyCheckpointTest.flatJson(config));
    in.transferTo(o);
    return out.toByteArray();
  }

  /** The largest stored array of the model's parameters (the first arrays of the file). */
  static Data largestParameter(byte[] b, int parameterCount) throws IOException {
    return dataRanges(b).subList(0, parameterCount).stream().max((x, y) -> Integer.compare(x.length, y.length)).orElseThrow();
  }

  static int parameterCount() {
    try (GenerativeModel m = GenerativeModel.create(CONFIG, VOC)) {
      return m.params().all().size();
    }
  }

  /** 4 KB of NaN (1,024 floats) written into the weights, at the start of the largest array. */
  static byte[] nanBlock(byte[] b) throws IOException {
    byte[] d = b.clone();
    Data w = largestParameter(d, parameterCount());
    assertTrue(w.length >= 4096, "the largest array holds " + w.length + " bytes");
    ByteBuffer buf = ByteBuffer.wrap(d, w.offset(), 4096).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 1024; i++) buf.putFloat(Float.NaN);
    return d;
  }

  /** {@code flips} random exponent bits (bits 23-30 of a float) flipped in the parameters' data. */
  static byte[] exponentFlips(byte[] b, int flips, long seed) throws IOException {
    byte[] d = b.clone();
    List<Data> params = dataRanges(d).subList(0, parameterCount());
    Random r = new Random(seed);
    for (int i = 0; i < flips; i++) {
      Data a = params.get(r.nextInt(params.size()));
      int at = a.offset() + 4 * r.nextInt(a.length() / 4);
      int bits = ByteBuffer.wrap(d, at, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() ^ (1 << (23 + r.nextInt(8)));
      ByteBuffer.wrap(d, at, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(bits);
    }
    return d;
  }

  /** {@code n} bytes flipped at random places of the file's second and third quarters (the weights and moments). */
  static byte[] byteFlips(byte[] b, int n, long seed) {
    byte[] d = b.clone();
    Random r = new Random(seed);
    for (int i = 0; i < n; i++) d[d.length / 4 + r.nextInt(d.length / 2)] ^= (byte) (1 + r.nextInt(255));
    return d;
  }

  static IOException refusedOnLoad(Path file) {
    return assertThrows(IOException.class, () -> Checkpoint.loadModel(file, VOC).close());
  }

  static final String CRC = " is damaged: its CRC32C checksum (";

  @Test
  void givenFourKilobytesOfNaNInTheWeights_whenLoaded_thenRefusedByTheChecksumOrTheValueCheck() throws IOException {
    Path r = run();
    Path best = r.resolve(Trainer.BEST);
    byte[] sound = Files.readAllBytes(best);
    Files.write(best, nanBlock(sound));
    IOException e = refusedOnLoad(best);
    assertTrue(e.getMessage().startsWith(best + CRC), e.getMessage());
    assertTrue(e.getMessage().endsWith("; fall back to " + r.resolve(Trainer.LAST) + " or retrain (train --overwrite)"), e.getMessage());
    // format 2: no checksum, the value check names the array
    Files.write(best, nanBlock(toFormat2(sound)));
    String name = largestParameter(toFormat2(sound), parameterCount()).name();
    e = refusedOnLoad(best);
    assertTrue(e.getMessage().startsWith(best + " is damaged: '" + name + "' holds 1,024 non-finite values (NaN or infinity) of "),
        e.getMessage());
  }

  @Test
  void givenAThousandFlippedExponentBits_whenLoaded_thenRefused() throws IOException {
    Path r = run();
    Path best = r.resolve(Trainer.BEST);
    byte[] sound = Files.readAllBytes(best);
    Files.write(best, exponentFlips(sound, 1000, 3));
    assertTrue(refusedOnLoad(best).getMessage().startsWith(best + CRC));
    Files.write(best, exponentFlips(toFormat2(sound), 1000, 3));
    String m = refusedOnLoad(best).getMessage();
    assertTrue(m.startsWith(best + " is damaged: '") && (m.contains("non-finite values") || m.contains("which training never produces")), m);
  }

  @Test
  void givenEveryKindOfDamage_whenLoaded_thenAllAreDetected() throws IOException {
    // the damage cases of the issue and more, on both formats: all must be refused, none loads silently
    Path r = run();
    Path f = r.resolve(Trainer.BEST);
    byte[] current = Files.readAllBytes(trained.resolve("cut").resolve(Trainer.BEST));
    List<byte[]> damaged = new ArrayList<>();
    for (byte[] sound : List.of(current, toFormat2(current))) {
      damaged.add(nanBlock(sound));
      for (long seed = 1; seed <= 5; seed++) damaged.add(exponentFlips(sound, 1000, seed));
      if (sound == current) {
        for (long seed = 1; seed <= 5; seed++) damaged.add(byteFlips(sound, 256, seed));
        for (long seed = 1; seed <= 5; seed++) damaged.add(byteFlips(sound, 1, seed)); // a single flipped byte: only a checksum sees it
        damaged.add(Arrays.copyOf(sound, sound.length - 1)); // one byte short
      }
      damaged.add(Arrays.copyOf(sound, sound.length / 2)); // cut in half
      damaged.add(new byte[0]); // empty
      byte[] header = sound.clone();
      header[3] ^= 0x20; // magic changed
      damaged.add(header);
    }
    int detected = 0;
    for (byte[] d : damaged) {
      Files.write(f, d);
      try {
        Checkpoint.loadModel(f, VOC).close();
      } catch (IOException e) {
        assertTrue(e.getMessage().contains(f.toString()), "the message names the file: " + e.getMessage());
        detected++;
      }
    }
    assertEquals(damaged.size(), detected, "damaged checkpoints loaded without an error");
  }

  @Test
  void givenTwoHundredFiftySixFlippedBytesInLastCkpt_whenResumed_thenRefusedAndNothingOnDiskChanges() throws IOException {
    Path r = run();
    Path last = r.resolve(Trainer.LAST);
    Files.write(last, byteFlips(Files.readAllBytes(last), 256, 14));
    var before = halo.Snapshots.of(r);
    try (GenerativeModel m = GenerativeModel.create(CONFIG, VOC)) {
      IOException e = assertThrows(IOException.class, () -> Trainer.fit(m, TRAIN, VAL, Trainer.Options.quiet().withDir(r).withResume(true)));
      assertTrue(e.getMessage().startsWith(last + CRC), e.getMessage());
      assertTrue(e.getMessage().endsWith("fall back to " + r.resolve(Trainer.BEST) + " (generate, evaluate) or retrain (train --overwrite,"
          + " without --resume)"), e.getMessage());
    }
    assertEquals(before, halo.Snapshots.of(r));
  }

  @Test
  void givenAFormat2LastCkptWithFlippedBytes_whenResumed_thenRefusedByTheValueChecks() throws IOException {
    Path r = run();
    Path last = r.resolve(Trainer.LAST);
    Files.write(last, byteFlips(toFormat2(Files.readAllBytes(last)), 256, 14));
    var before = halo.Snapshots.of(r);
    try (GenerativeModel m = GenerativeModel.create(CONFIG, VOC)) {
      IOException e = assertThrows(IOException.class, () -> Trainer.fit(m, TRAIN, VAL, Trainer.Options.quiet().withDir(r).withResume(true)));
      assertTrue(e.getMessage().startsWith(last.toString()), e.getMessage());
    }
    assertEquals(before, halo.Snapshots.of(r));
  }

  @Test
  void givenAFormat2LastCkptWhoseWeightsWereScaled_whenResumed_thenTheLossCheckStopsWithTheDivergenceAdvice() throws IOException {
    // finite weights 1000 times too large pass the value checks; the first training loss shows the damage
    Path r = run();
    Path last = r.resolve(Trainer.LAST);
    byte[] b = toFormat2(Files.readAllBytes(last));
    for (Data a : dataRanges(b).subList(0, parameterCount())) {
      ByteBuffer buf = ByteBuffer.wrap(b, a.offset(), a.length()).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = a.offset(); i < a.offset() + a.length(); i += 4) buf.putFloat(i, buf.getFloat(i) * 1000); // absolute indices
    }
    Files.write(last, b);
    var before = halo.Snapshots.of(r);
    try (GenerativeModel m = GenerativeModel.create(CONFIG, VOC)) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> Trainer.fit(m, TRAIN, VAL, Trainer.Options.quiet().withDir(r).withResume(true)));
      assertTrue(e.getMessage().startsWith("training loss is "), e.getMessage());
      assertTrue(e.getMessage().contains("at step 12 (epoch 2), just after resuming from " + last + " whose best validation loss was "),
          e.getMessage());
      assertTrue(e.getMessage().contains("the parameters diverged; lower the learning rate (now 0.01) and resume from the last checkpoint;"
          + " if that keeps happening, " + last + " is damaged: fall back to best.ckpt or retrain"), e.getMessage());
    }
    assertEquals(before, halo.Snapshots.of(r), "the damaged run was not overwritten");
  }

  @Test
  void givenSoundFormat2Files_whenLoadedAndResumed_thenTheyWorkAndTheNextSaveIsTodaysFormat() throws IOException {
    Path r = run();
    Path last = r.resolve(Trainer.LAST), best = r.resolve(Trainer.BEST);
    try (GenerativeModel a = Checkpoint.loadModel(best, VOC)) {
      double[] expected = ((RecordLikelihood) a).logProbabilities(VAL);
      Files.write(best, toFormat2(Files.readAllBytes(best)));
      try (GenerativeModel b = Checkpoint.loadModel(best, VOC)) {
        assertArrayEquals(expected, ((RecordLikelihood) b).logProbabilities(VAL), 0.0, "a format-2 best.ckpt loads the same model");
      }
    }
    Files.write(last, toFormat2(Files.readAllBytes(last)));
    try (GenerativeModel m = GenerativeModel.create(CONFIG, VOC)) {
      Trainer.fit(m, TRAIN, VAL, Trainer.Options.quiet().withDir(r).withResume(true));
      assertArrayEquals(straight, CheckpointTest.flat(m), 0f, "resumed from format 2: the same parameters as the uninterrupted run");
    }
    byte[] after = Files.readAllBytes(last);
    assertEquals(Checkpoint.FORMAT_VERSION, ByteBuffer.wrap(after, 2 + "HALO-CHECKPOINT".length(), 4).getInt(), "re-saved in today's format");
  }

  @Test
  void givenAPartialTemporaryLeftByAKillDuringACheckpointWrite_whenResumed_thenRemovedAndTheRunEndsAsIfUninterrupted() throws IOException {
    // a kill -9 while last.ckpt is written leaves the old last.ckpt and a partial NAME.PID-N.tmp (simulated: a process id no
    // process has, and a file of the earlier naming without a pid); one of a live process (our parent) stays
    Path r = run();
    byte[] half = Arrays.copyOf(Files.readAllBytes(r.resolve(Trainer.LAST)), 5000);
    Path dead = r.resolve("last.ckpt.999999999-4711.tmp"), old = r.resolve("best.ckpt1234567.tmp");
    long parent = ProcessHandle.current().parent().orElseThrow().pid();
    Path live = r.resolve("last.ckpt." + parent + "-1.tmp");
    for (Path p : List.of(dead, old, live)) Files.write(p, half);
    try (GenerativeModel m = GenerativeModel.create(CONFIG, VOC)) {
      Trainer.fit(m, TRAIN, VAL, Trainer.Options.quiet().withDir(r).withResume(true));
      assertArrayEquals(straight, CheckpointTest.flat(m), 0f);
    }
    assertFalse(Files.exists(dead) || Files.exists(old), "stale temporaries removed");
    assertTrue(Files.exists(live), "a live process's temporary file is left alone");
  }
}
