package halo.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.cli.Main;
import halo.data.CodeKind;
import halo.data.Dataset;
import halo.data.EncodedCohort;
import halo.data.EncodedPatient;
import halo.data.Splits;
import halo.data.Token;
import halo.data.Vocabulary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluate command end to end on a small dataset folder (lives here: its subject is the eval suite). */
class EvaluateCommandTest {
  /** 20 diagnosis codes, 4 lab buckets of "hr", 3 gap buckets; 2 chronic labels. */
  static Vocabulary vocabulary() {
    List<Token> t = new ArrayList<>();
    for (int i = 0; i < 20; i++) t.add(Token.clinical(CodeKind.DIAGNOSIS, "d" + i, ""));
    double[] hr = {40, 60, 80, 100, 140};
    for (int b = 0; b < 4; b++) t.add(new Token(CodeKind.LAB, "hr", b, "bpm", hr[b], hr[b + 1], ""));
    double[] gap = {0, 7, 30, 365};
    for (int b = 0; b < 3; b++) t.add(new Token(CodeKind.GAP, "days", b, "days", gap[b], gap[b + 1], ""));
    return new Vocabulary(t, List.of("a", "b"), 2, 1);
  }

  static List<EncodedPatient> patients(String prefix, int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<EncodedPatient> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int[][] v = new int[1 + r.nextInt(4)][];
      boolean a = r.nextDouble() < 0.4;
      for (int k = 0; k < v.length; k++) {
        TreeSet<Integer> s = new TreeSet<>();
        while (s.size() < 3) s.add(1 + r.nextInt(19));
        if (a && k == 0) s.add(0);
        if (r.nextBoolean()) s.add(20 + r.nextInt(4));
        if (k > 0) s.add(24 + r.nextInt(3));
        v[k] = s.stream().mapToInt(Integer::intValue).toArray();
      }
      List<Integer> labels = new ArrayList<>();
      if (a) labels.add(0);
      if (r.nextDouble() < 0.3) labels.add(1);
      out.add(new EncodedPatient(prefix + i, labels.stream().mapToInt(Integer::intValue).toArray(), v));
    }
    return out;
  }

  /** Writes dir/toy (a dataset of {@code real} records) and dir/syn.halo ({@code synthetic} records); returns the dataset. */
  static Dataset toyFiles(Path dir, int real, long realSeed, int synthetic, long syntheticSeed) throws java.io.IOException {
    Vocabulary v = vocabulary();
    List<EncodedPatient> all = patients("p", real, realSeed);
    Splits splits = Splits.of(all.stream().map(EncodedPatient::id).toList(), 4);
    Dataset d = new Dataset("toy", v, new EncodedCohort(v.hash(), all), splits);
    d.save(dir.resolve("toy"), "test fixture");
    new EncodedCohort(v.hash(), patients("s", synthetic, syntheticSeed)).save(dir.resolve("syn.halo"));
    return d;
  }

  @Test
  void givenDatasetAndSyntheticFileWhenEvaluateAllThenTablesAndFiguresWritten(@TempDir Path dir) throws Exception {
    Vocabulary v = vocabulary();
    toyFiles(dir, 300, 1, 200, 2);
    Path out = dir.resolve("out");
    int code = Main.run("evaluate", "--family", "all", "--data", dir.resolve("toy").toString(),
        "--synthetic", "fresh=" + dir.resolve("syn.halo"), "--out", out.toString(), "--seed", "3");
    assertEquals(0, code);
    // one sub-folder per family, named as the notebooks name their tables and charts
    for (String f : List.of("inputs.csv", "similarity/similarity.csv", "similarity/shape.md", "privacy/membership-inference.tex",
        "privacy/exact-copies.csv", "utility/summary.csv", "utility/per-label-seeds.csv", "continuous/summary.csv",
        "similarity/per-visit-unigram.png", "continuous/gap-density.html", "utility/auroc-logistic.png",
        "similarity/similarity.csv.provenance.json")) {
      assertTrue(Files.exists(out.resolve(f)), f + " missing in " + out);
    }
    String csv = Files.readString(out.resolve("similarity/similarity.csv"));
    assertTrue(csv.startsWith("# data: toy\n# vocabulary: " + v.hash()), csv);
  }

  @Test
  void givenTrainedCheckpointWhenEvaluateLmAndPrivacyThenModelIsScoredAndAttacked(@TempDir Path dir) throws Exception {
    Vocabulary v = vocabulary();
    Dataset d = toyFiles(dir, 200, 5, 100, 6);
    var config = halo.model.HaloConfig.smoke().withTraining(t -> t.epochs(2));
    try (var m = halo.model.GenerativeModel.create(config, v)) {
      halo.train.Trainer.fit(m, d.train().patients(), List.of(), halo.train.Trainer.Options.quiet().withDir(dir.resolve("run")));
    }
    Path ckpt = dir.resolve("run").resolve(halo.train.Trainer.LAST);
    Path out = dir.resolve("out");
    assertEquals(2, Main.run("evaluate", "--family", "lm", "--data", dir.resolve("toy").toString(), "--out", out.toString()),
        "lm without a model is a usage error");
    assertEquals(0, Main.run("evaluate", "--family", "lm", "--data", dir.resolve("toy").toString(), "--model", "halo=" + ckpt,
        "--out", out.toString()));
    List<String> lm = Files.readAllLines(out.resolve("language-modeling.csv")).stream().filter(l -> !l.startsWith("#")).toList();
    assertEquals(2, lm.size(), String.join("\n", lm));
    assertTrue(lm.get(1).startsWith("halo," + d.test().size() + ","), lm.get(1));
    assertTrue(Files.readString(out.resolve("language-modeling.csv.provenance.json")).contains("halo:"), "checkpoint hash in provenance");
    assertEquals(0, Main.run("evaluate", "--family", "privacy", "--data", dir.resolve("toy").toString(), "--model", "halo=" + ckpt,
        "--synthetic", "halo=" + dir.resolve("syn.halo"), "--out", out.toString()));
    String membership = Files.readString(out.resolve("membership-inference.csv"));
    assertTrue(membership.lines().filter(l -> l.startsWith("halo,")).count() == 2, "dataset and model attack rows:\n" + membership);
  }

  @Test
  void givenTheRealTrainingSplitAsASyntheticCohort_whenEvaluatingTheMatrixFamily_thenItsProbabilitiesMatchExactly(@TempDir Path dir) throws Exception {
    Dataset d = toyFiles(dir, 300, 1, 200, 2);
    d.train().save(dir.resolve("copy.halo"));
    Path out = dir.resolve("out");
    assertEquals(0, Main.run("evaluate", "--family", "matrix", "--data", dir.resolve("toy").toString(), "--synthetic", "copy=" + dir.resolve("copy.halo"),
        "--synthetic", "other=" + dir.resolve("syn.halo"), "--kinds", "dx,lab", "--out", out.toString()));
    List<String> rows = Files.readAllLines(out.resolve("matrix-probability.csv")).stream().filter(l -> !l.startsWith("#")).toList();
    assertEquals("source,kinds,codes,records,pearson,r2,mae", rows.get(0));
    assertTrue(rows.get(1).startsWith("copy,\"dx,lab\",24," + d.train().size() + ",1.0,1.0,0.0"), rows.get(1));
    assertTrue(rows.get(2).startsWith("other,"), rows.get(2));
    assertTrue(Files.exists(out.resolve("matrix-covariance.csv")) && Files.exists(out.resolve("matrix-probability-scatter.html")));
    assertEquals(2, Main.run("evaluate", "--family", "matrix", "--data", dir.resolve("toy").toString(), "--synthetic", "copy=" + dir.resolve("copy.halo"),
        "--kinds", "dx,icd", "--out", out.toString()), "an unknown kind is a usage error");
  }

  @Test
  void givenNoFamilyWhenEvaluateThenUsageErrorCode() {
    assertEquals(2, Main.run("evaluate"));
  }
}
