/** The one trainer every model uses: optimisation loop, validation cadence, checkpoints, progress. */
package halo.train;
