package halo.eval.continuous;

import static org.junit.jupiter.api.Assertions.assertEquals;

import halo.data.Discretizer;
import halo.data.Lab;
import halo.data.Patient;
import halo.data.Visit;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class ContinuousVariablesTest {
  static final LocalDate D = LocalDate.of(2020, 1, 1);

  static Visit visit(int day, Lab... labs) {
    return new Visit(D.plusDays(day), new java.util.TreeSet<>(Set.of("x")), new java.util.TreeSet<>(),
        new java.util.TreeSet<>(), List.of(labs));
  }

  static Patient patient(String id, Visit... v) {
    return new Patient(id, null, new java.util.TreeSet<>(), List.of(v));
  }

  @Test
  void givenHandSamplesWhenWassersteinThenAreaBetweenCdfs() {
    assertEquals(1.0, Wasserstein.of(new double[] {0, 1}, new double[] {1, 2}), 1e-12); // a shift by 1
    // F_a = 1 from 0; F_b = 2/3 on [0,3): area (1 - 2/3) * 3 = 1
    assertEquals(1.0, Wasserstein.of(new double[] {0}, new double[] {0, 0, 3}), 1e-12);
    assertEquals(0.0, Wasserstein.of(new double[] {5, 1}, new double[] {1, 5}), 1e-12);
  }

  @Test
  void givenHandCohortsWhenComparedThenHandValuesAndRealVsRealR2One() {
    // real: p1 visits at day 0 (hr 60), 10 (hr 80), 30; p2 at day 0, 10 (glucose 5)
    List<Patient> real = List.of(
        patient("p1", visit(0, new Lab("hr", 60, "bpm")), visit(10, new Lab("hr", 80, "bpm")), visit(30)),
        patient("p2", visit(0), visit(10, new Lab("glu", 5, "mmol/L"))));
    Discretizer bins = new Discretizer(new double[] {0, 15, 45});
    var cv = new ContinuousVariables(1);
    var r = cv.of("self", real, real, bins);
    for (double r2 : r.summary().doubleColumn("r2").asDoubleArray()) assertEquals(1.0, r2, 1e-12);
    // gaps: 10, 20, 10 -> bin [0,15): 2/3 / 15; bin [15,45): 1/3 / 30
    Table d = r.gapDensity();
    assertEquals(2.0 / 3 / 15, d.doubleColumn("real_density").get(0), 1e-12);
    assertEquals(1.0 / 3 / 30, d.doubleColumn("real_density").get(1), 1e-12);
    // mean gap before visit 1: (10 + 10)/2; before visit 2: 20
    assertEquals(10, r.gapByVisit().doubleColumn("real_mean").get(0), 1e-12);
    assertEquals(20, r.gapByVisit().doubleColumn("real_mean").get(1), 1e-12);
    // presence: hr in 2 of 5 visits, glu in 1 of 5; labs sorted: glu, hr
    Table labs = r.perLab();
    assertEquals("glu", labs.stringColumn("lab").get(0));
    assertEquals(0.2, labs.doubleColumn("real_presence").get(0), 1e-12);
    assertEquals(0.4, labs.doubleColumn("real_presence").get(1), 1e-12);
    assertEquals(70, labs.doubleColumn("real_mean").get(1), 1e-12);
    assertEquals(0, labs.doubleColumn("wasserstein").get(1), 1e-12);
    // a synthetic side with every hr value 10 higher: W = 10, wasserstein_per_std = 10 / 10
    List<Patient> shifted = List.of(
        patient("s1", visit(0, new Lab("hr", 70, "bpm")), visit(10, new Lab("hr", 90, "bpm")), visit(30)),
        patient("s2", visit(0), visit(10, new Lab("glu", 5, "mmol/L"))));
    Table l2 = cv.of("shifted", real, shifted, bins).perLab();
    assertEquals(10, l2.doubleColumn("wasserstein").get(1), 1e-12);
    assertEquals(1, l2.doubleColumn("wasserstein_per_std").get(1), 1e-12);
  }
}
