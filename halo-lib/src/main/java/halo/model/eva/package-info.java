/** The EVA baseline (protocol Part B §2.5–§2.6, §3.7), a variational autoencoder of whole records: {@link halo.model.eva.EvaModel}. */
package halo.model.eva;
