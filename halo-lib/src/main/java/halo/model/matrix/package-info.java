/**
 * The generators of the patient × code matrix, the baselines of the LLM-generator comparison
 * (../shared/papers/llm-ehr-generators.md): each models a record as one binary vector of the codes it
 * holds (diagnoses by default, {@link halo.data.PatientMatrix}) beside its label row, and generates
 * records of one visit ({@link halo.model.matrix.MatrixLayout}), so that the trainer, checkpoints, the
 * CLI and every metric handle them as the longitudinal generators. Here: the {@link
 * halo.model.matrix.VaeModel}, {@link halo.model.matrix.MedGanModel}, {@link halo.model.matrix.CorGanModel} (the two GANs share
 * {@link halo.model.matrix.AutoencoderGan}) and {@link halo.model.matrix.DdpmModel}.
 */
package halo.model.matrix;
