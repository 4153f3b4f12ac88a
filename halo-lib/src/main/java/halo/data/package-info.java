/**
 * EHR records, loaders (Synthea, MIMIC-III, generic long CSV) that read input strictly and say what
 * they change ({@link halo.data.CsvFile}, {@link halo.data.IcdCodes}, {@link halo.data.LabUnits}),
 * vocabulary, discretizer, encoding, splits, dataset statistics, and folder writes that lose nothing
 * ({@link halo.data.SafeFolder}).
 */
package halo.data;
