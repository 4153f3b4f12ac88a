/** EHR records, loaders (Synthea, MIMIC-III, generic long CSV), vocabulary, discretizer, encoding, splits and dataset statistics. */
package halo.data;
