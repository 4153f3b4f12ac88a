/**
 * Metrics of synthetic labels: whether label rows look like real ones ({@link halo.eval.labels.LabelRows}:
 * mutually exclusive demographic groups, prevalences, co-occurrence) and whether records carry the
 * codes their labels stand for ({@link halo.eval.labels.LabelConsistency}).
 */
package halo.eval.labels;
