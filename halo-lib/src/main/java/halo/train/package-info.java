/**
 * The one trainer every model uses ({@link halo.train.Trainer}): Adam ({@link halo.train.Adam},
 * PyTorch's formula, state checkpointed), seeded shuffles, validation every K steps and at epoch
 * ends, best-validation checkpoint, optional early stopping, a progress bar for terminals and
 * notebooks, atomic resumable checkpoints that detect damage ({@link halo.train.Checkpoint}), run
 * folders that are never replaced unasked ({@link halo.train.RunFolder}), and a synthetic cohort of
 * the authors' timing shape for benchmarks ({@link halo.train.BenchCohort}).
 */
package halo.train;
