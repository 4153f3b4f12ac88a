/**
 * The paper's six generators on DJL (PyTorch engine), with parameters we own as NDArrays and autograd
 * through {@code GradientCollector}: {@link halo.model.HaloModel} (HALO: pre-LN visit transformer plus
 * the masked two-layer code head with the E−1 output offset), {@link halo.model.CoarseModel}
 * (HALO-Coarse, head tied to the visit embedding), {@link halo.model.LstmModel} (the LSTM baseline),
 * {@link halo.model.GptModel} (flat token sequences, {@link halo.model.FlatSequence}),
 * {@link halo.model.EvaModel} (a VAE) and {@link halo.model.SyntegModel} (dependency model + WGAN-GP),
 * all behind {@link halo.model.VisitModel}: logits of every predicted row, the loss of each training
 * objective, per-token probabilities ({@link halo.model.RowProbabilityModel}; the three visit models),
 * log P(record), and sampling (a cached session per row, or whole records). Configs are
 * {@link halo.model.HaloConfig} records with smoke / cpu / paper presets per model kind; vocabulary
 * sizes always come from the data. No I/O here.
 *
 * <p>Devices: every model allocates on the engine's default device, which is the GPU when one is
 * present and the CUDA natives are on the class path (build with {@code mvn -Pcuda}, see the parent
 * pom and environment/GPU.md); otherwise the CPU.
 *
 * <p>Where speed comes from: visits stay sparse (multi-hot rows as COO matrices built from the index
 * lists, so embedding a row sums the weight rows of its tokens); the transformer runs over packed
 * records and only over the rows a prediction reads ({@link halo.model.PackedRows}); only the predicted
 * rows go through the head, and HALO's head multiplies only its live, block-triangular weights
 * ({@link halo.model.HeadBlocks}), Adam updating only those. Sampling caches keys and values, lets each
 * record advance to its own next sampled token, drops finished records, and for HALO computes one head
 * pass per row instead of one per sampled token: later draws are decided by a bound on how far the
 * logits moved, an exact logit computed only near the threshold ({@link halo.model.CodeSampler}).
 */
package halo.model;
