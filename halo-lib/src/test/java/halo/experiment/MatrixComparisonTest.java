package halo.experiment;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The model-size table joins each text GPT size's row of the three tables by name, and keeps a missing value missing. */
class MatrixComparisonTest {
  @Test
  void givenTheTablesOfARun_whenTheSizeCurveIsBuilt_thenEachSizeGetsItsOwnRows_inSizeOrder_andNaNStaysNaN() {
    Table models = Table.create("models", StringColumn.create("model", "halo", "textgpt-m", "textgpt-xs"), LongColumn.create("parameters", 5L, 449L, 37L),
        IntColumn.create("embedding", 128, 96, 24), IntColumn.create("layers", 3, 3, 1), LongColumn.create("steps", 1L, 1_200L, 1_200L),
        DoubleColumn.create("step_minutes", 1.0, Double.NaN, 0.5));
    Table probability = Table.create("p", StringColumn.create("source", "textgpt-xs", "halo", "textgpt-m"), DoubleColumn.create("pearson", 0.9, 0.99, 0.95));
    Table covariance = Table.create("c", StringColumn.create("source", "textgpt-xs", "textgpt-xs", "textgpt-xs", "textgpt-m"),
        StringColumn.create("comparison", "real-real", "real-synthetic", "real-synthetic", "real-synthetic"),
        StringColumn.create("statistic", "covariance_mae", "correlation_mae", "covariance_mae", "covariance_mae"), DoubleColumn.create("mean", 7.0, 99.0, 9.0, 8.0));
    Table t = MatrixComparison.sizeCurve(probability, covariance, models);
    assertEquals(2, t.rowCount(), "only the sizes present in every table (xs, m), none of the other models");
    assertEquals("textgpt-xs", t.stringColumn("model").get(0), "in TEXT_SIZES order, not the tables' order");
    assertEquals(37L, t.longColumn("parameters").get(0));
    assertEquals(0.9, t.doubleColumn("pearson").getDouble(0));
    assertEquals(9.0, t.doubleColumn("covariance_mae_real_synthetic").getDouble(0), "the covariance statistic, not the correlation one");
    assertEquals(7.0, t.doubleColumn("covariance_mae_real_real").getDouble(0));
    assertEquals(449L, t.longColumn("parameters").get(1));
    assertTrue(Double.isNaN(t.doubleColumn("step_minutes").getDouble(1)));
    assertTrue(Double.isNaN(t.doubleColumn("covariance_mae_real_real").getDouble(1)), "m has no real-real row");
    assertEquals(2, MatrixComparison.sizeChart(t).series().get(0).x().length);
  }
}
