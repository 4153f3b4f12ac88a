/** Generation: unconditional, label-conditioned and continuing a real record; exact batched ancestral sampling. */
package halo.sample;
