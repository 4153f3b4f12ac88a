/**
 * Generation: exact, batched ancestral sampling from a trained visit model ({@link halo.sample.Generator}:
 * unconditional, conditioned on a label row of chronic labels and demographics, or continuing a real
 * record's prefix; key/value cache, per-record advance, finished records leave the batch), and export
 * ({@link halo.sample.SyntheticExport}).
 *
 * <p>Output files of {@code ./halo generate}: {@code synthetic.halo} (the encoded cohort, binary, with
 * the vocabulary hash) and {@code synthetic.csv}, a long CSV with columns
 * {@code patient_id, visit_index, visit_date, kind, code, value, unit}; kind is one of label,
 * demographic (visit columns empty), dx, px, rx (value empty) or lab (value drawn uniformly inside the
 * generated bucket, in unit); visit_index from 0, visit_date ISO, starting 2000-01-01.
 */
package halo.sample;
