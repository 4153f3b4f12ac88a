/**
 * HALO and its coarse ablation (protocol Part B §2.1–2.2, §2.6): {@link halo.model.halo.HaloModel}, the
 * visit transformer plus the masked two-layer code head with the E−1 output offset, computed
 * block-triangularly ({@link halo.model.halo.HeadBlocks}) and sampled one head pass per row ({@link
 * halo.model.halo.CodeSampler}); {@link halo.model.halo.CoarseModel}, the same transformer with the head
 * tied to the visit embedding, so codes are independent within a visit. A new HALO adds HALO-Coarse's
 * tied logits to its head's ({@link halo.model.halo.HaloModel.Head}): the one departure from the
 * authors' architecture, measured on the default cohort (results/README.md); checkpoints written
 * without it load as the authors' head, and {@code ./halo train --shape-extras '{"tiedLogits":false}'}
 * trains that head.
 */
package halo.model.halo;
