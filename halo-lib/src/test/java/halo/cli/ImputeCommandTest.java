package halo.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.data.CodeKind;
import halo.data.Dataset;
import halo.data.EncodedCohort;
import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import halo.sample.GenerationSummary;
import halo.sample.ImputationExport;
import halo.train.BenchCohort;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./halo generate --continue DATA --impute TASK}: the imputed records keep their given history
 * and codes, imputation.csv holds the real and imputed codes of exactly the records with enough visits
 * (the others counted in the summary), and models that cannot impute a task are refused by name. Real
 * commands on a smoke HALO-Coarse and HALO trained for one epoch on a small bench cohort.
 */
class ImputeCommandTest {
  static final Dataset DS = BenchCohort.of(80, 30, 3, 5, 3, 8, 2);
  static final Vocabulary V = DS.vocabulary();
  @TempDir static Path shared;
  @TempDir Path tmp;
  static Path data, coarse, halo;

  @BeforeAll
  static void dataAndModels() throws IOException {
    data = shared.resolve("data");
    DS.save(data, "bench cohort");
    coarse = GenerateCommandTest.trainInto(shared, data, "coarse");
    halo = GenerateCommandTest.trainInto(shared, data, "halo");
  }

  static List<CSVRecord> csv(Path out) throws IOException {
    try (Reader r = Files.newBufferedReader(out.resolve(ImputationExport.FILE))) {
      return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
    }
  }

  static int[] codes(String keys) {
    return keys.isEmpty() ? new int[0] : Arrays.stream(keys.split(" ")).mapToInt(k -> {
      String[] kc = k.split(":", 2);
      return V.indexOf(CodeKind.parse(kc[0]), kc[1]);
    }).sorted().toArray();
  }

  @Test
  void givenCoarse_whenNextVisitImputed_thenHistoryKeptRealVisitShownAndShortRecordsCounted() throws IOException {
    Path out = tmp.resolve("next");
    String printed = CliRun.of("generate", "--checkpoint", coarse.resolve("best.ckpt").toString(), "--continue", data.toString(), "--impute", "next-visit",
        "--keep-visits", "2", "--seed", "9", "--out", out.toString()).succeeded().out();
    List<EncodedPatient> test = DS.test().patients();
    List<EncodedPatient> eligible = test.stream().filter(p -> p.visitCount() >= 3).toList();
    assertTrue(eligible.size() > 3 && eligible.size() < test.size(), "the cohort has records on both sides: " + eligible.size());
    List<CSVRecord> rows = csv(out);
    assertEquals(eligible.size(), rows.size(), "one row per record with a next visit to compare");
    Map<String, EncodedPatient> imputed = EncodedCohort.load(out.resolve("synthetic.halo"), V).patients().stream()
        .collect(Collectors.toMap(EncodedPatient::id, Function.identity()));
    int hit = 0, real = 0, imp = 0;
    for (int i = 0; i < rows.size(); i++) {
      EncodedPatient p = eligible.get(i);
      CSVRecord r = rows.get(i);
      assertEquals("imp-" + p.id(), r.get("patient_id"));
      assertEquals("2", r.get("visit_index"), "0-based index of the imputed visit");
      assertArrayEquals(p.visits()[2], codes(r.get("real")), "the real visit 3");
      EncodedPatient q = imputed.get(r.get("patient_id"));
      assertArrayEquals(p.labels(), q.labels());
      for (int t = 0; t < 2; t++) assertArrayEquals(p.visits()[t], q.visits()[t], "given visit " + t + " kept");
      int[] got = codes(r.get("imputed"));
      assertEquals(got.length == 0 ? 2 : 3, q.visitCount(), "the imputed visit appended (none when the model ended the record)");
      if (got.length > 0) assertArrayEquals(got, q.visits()[2]);
      int agree = (int) Arrays.stream(got).filter(c -> Arrays.binarySearch(p.visits()[2], c) >= 0).count();
      assertEquals(agree, Integer.parseInt(r.get("agreeing")));
      hit += agree;
      real += p.visits()[2].length;
      imp += got.length;
    }
    GenerationSummary s = GenerationSummary.read(out);
    assertTrue(s.source().request().contains("(" + (test.size() - eligible.size()) + " of " + test.size() + " records skipped: fewer than 3 visits)"),
        s.source().request());
    assertTrue(printed.contains("precision %.3f, recall %.3f".formatted(hit / (double) imp, hit / (double) real)), printed);
  }

  @Test
  void givenCoarse_whenAModalityIsImputed_thenTheVisitsOtherCodesAndEarlierVisitsAreUnchanged() throws IOException {
    Path out = tmp.resolve("rx");
    CliRun.of("generate", "--checkpoint", coarse.resolve("best.ckpt").toString(), "--continue", data.toString(), "--impute", "modality:rx",
        "--keep-visits", "2", "--out", out.toString()).succeeded();
    List<EncodedPatient> eligible = DS.test().patients().stream().filter(p -> p.visitCount() >= 2).toList();
    List<EncodedPatient> imputed = new ArrayList<>(EncodedCohort.load(out.resolve("synthetic.halo"), V).patients());
    assertEquals(eligible.size(), imputed.size());
    int changed = 0;
    for (int i = 0; i < eligible.size(); i++) {
      EncodedPatient p = eligible.get(i), q = imputed.get(i);
      assertArrayEquals(p.visits()[0], q.visits()[0], "earlier visit kept");
      int[] realRest = Arrays.stream(p.visits()[1]).filter(c -> V.code(c).kind() != CodeKind.MEDICATION).toArray();
      int[] last = q.visitCount() == 2 ? q.visits()[1] : new int[0];
      assertArrayEquals(realRest, Arrays.stream(last).filter(c -> V.code(c).kind() != CodeKind.MEDICATION).toArray(), p.id() + ": other modalities untouched");
      if (!Arrays.equals(p.visits()[1], last)) changed++;
    }
    assertTrue(changed > 0, "the medications were drawn afresh");
  }

  @Test
  void givenModelsThatCannotImputeATask_whenAsked_thenRefusedByName() {
    CliRun.of("generate", "--checkpoint", halo.resolve("best.ckpt").toString(), "--continue", data.toString(), "--impute", "modality:dx",
        "--out", tmp.resolve("a").toString())
        .refused("halo cannot impute dx codes given the rest of their visit: it imputes no modality exactly, only the next visit");
    CliRun.of("generate", "--checkpoint", halo.resolve("best.ckpt").toString(), "--impute", "next-visit", "--out", tmp.resolve("b").toString())
        .refused("--impute needs --continue DATA: the records whose visits are imputed");
    CliRun.of("generate", "--checkpoint", halo.resolve("best.ckpt").toString(), "--continue", data.toString(), "--impute", "visit",
        "--out", tmp.resolve("c").toString())
        .refused("unknown imputation 'visit': expected next-visit or modality:KIND (KIND one of dx, px, rx, lab, gap)");
  }
}
