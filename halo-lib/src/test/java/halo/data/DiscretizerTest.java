package halo.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DiscretizerTest {
  @Test
  void givenNineValuesWhenFittingFourBucketsThenEdgesAreTheQuantiles() {
    // sorted 1..9 (n = 9); edge k takes v[round(k * 8 / 4)] = v[0], v[2], v[4], v[6], v[8] = 1, 3, 5, 7, 9
    Discretizer d = Discretizer.fit(new double[] {9, 1, 8, 2, 7, 3, 6, 4, 5}, 4);
    assertArrayEquals(new double[] {1, 3, 5, 7, 9}, d.edges());
    assertEquals(4, d.buckets());
    assertEquals(0, d.bucket(1));
    assertEquals(0, d.bucket(2.999));
    assertEquals(1, d.bucket(3)); // an edge opens its bucket
    assertEquals(2, d.bucket(6.5));
    assertEquals(3, d.bucket(9)); // the last bucket includes its upper edge
  }

  @Test
  void givenValuesOutsideTheRangeWhenBucketingThenTheyAreClippedAndFlagged() {
    Discretizer d = new Discretizer(new double[] {0, 10, 20});
    assertEquals(0, d.bucket(-5));
    assertEquals(1, d.bucket(1e9));
    assertTrue(d.isClipped(-0.001));
    assertTrue(d.isClipped(20.001));
    assertFalse(d.isClipped(0));
    assertFalse(d.isClipped(20));
  }

  @Test
  void givenDiscreteValuesWhenFittingThenRepeatedEdgesMerge() {
    // {1, 1, 1, 2}, 4 buckets: indices round(k * 3 / 4) = 0, 1, 2, 2, 3 -> 1, 1, 1, 1, 2 -> edges {1, 2}
    assertArrayEquals(new double[] {1, 2}, Discretizer.fit(new double[] {1, 1, 1, 2}, 4).edges());
    // one distinct value v gets the single bucket [v, v + 1)
    assertArrayEquals(new double[] {5, 6}, Discretizer.fit(new double[] {5, 5, 5}, 3).edges());
  }

  @Test
  void givenABucketWhenSamplingThenDrawsStayInsideIt() {
    Discretizer d = new Discretizer(new double[] {0, 1, 5, 6});
    SplittableRandom r = new SplittableRandom(1);
    double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
    for (int i = 0; i < 10_000; i++) {
      double x = d.sample(1, r);
      assertEquals(1, d.bucket(x), "draw " + x + " left bucket [1, 5)");
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    // uniform on [1, 5): 10,000 draws come within 0.01 of both ends
    assertTrue(min < 1.01 && max > 4.99, min + " " + max);
  }

  @Test
  void givenBadInputWhenConstructingThenClearErrors() {
    assertThrows(IllegalArgumentException.class, () -> new Discretizer(new double[] {1, 1}));
    assertThrows(IllegalArgumentException.class, () -> Discretizer.fit(new double[0], 3));
    assertThrows(IllegalArgumentException.class, () -> new Discretizer(new double[] {0, 1}).bucket(Double.NaN));
  }
}
