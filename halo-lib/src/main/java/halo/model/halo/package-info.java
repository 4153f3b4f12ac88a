/**
 * HALO and its coarse ablation (protocol Part B §2.1–2.2, §2.6): {@link halo.model.halo.HaloModel}, the
 * visit transformer plus the masked two-layer code head with the E−1 output offset, computed
 * block-triangularly ({@link halo.model.halo.HeadBlocks}) and sampled one head pass per row ({@link
 * halo.model.halo.CodeSampler}); {@link halo.model.halo.CoarseModel}, the same transformer with the head
 * tied to the visit embedding, so codes are independent within a visit. A new HALO adds HALO-Coarse's
 * tied logits to its head's and a label path (each visit's history plus the record's label embedding)
 * ({@link halo.model.halo.HaloModel.Head}): the two departures from the authors' architecture, each
 * measured on the default cohort (results/README.md); checkpoints written without them load as they
 * were trained, and {@code ./halo train --shape-extras '{"tiedLogits":false,"labelPath":false}'} trains
 * the authors' head.
 */
package halo.model.halo;
