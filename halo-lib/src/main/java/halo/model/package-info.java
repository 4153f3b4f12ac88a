/**
 * The visit-level models on DJL (PyTorch engine), with parameters we own as NDArrays and autograd
 * through {@code GradientCollector}: {@link halo.model.HaloModel} (HALO: pre-LN visit transformer plus
 * the masked two-layer code head with the E−1 output offset), {@link halo.model.CoarseModel}
 * (HALO-Coarse, head tied to the visit embedding) and {@link halo.model.LstmModel} (the LSTM
 * baseline), all behind {@link halo.model.VisitModel}: logits of every predicted row, masked BCE,
 * per-token probabilities ({@link halo.model.RowProbabilityModel}), log P(record), and a cached
 * sampling session. Configs are {@link halo.model.HaloConfig} records with smoke / cpu / paper
 * presets; vocabulary sizes always come from the data. No I/O here.
 *
 * <p>Devices: every model allocates on the engine's default device, which is the GPU when one is
 * present and the CUDA natives are on the class path (build with {@code mvn -Pcuda}, see the parent
 * pom and environment/GPU.md); otherwise the CPU.
 *
 * <p>Where speed comes from: visits stay sparse (multi-hot rows as COO matrices, so embedding a row
 * sums the weight rows of its tokens); the head mask is applied once per step and only the V kept
 * outputs of the second head layer are computed; only the predicted rows go through the head;
 * sampling caches keys and values, updates the head's first layer by one masked column per sampled
 * token, lets each record advance to its own next sampled token, and drops finished records.
 */
package halo.model;
