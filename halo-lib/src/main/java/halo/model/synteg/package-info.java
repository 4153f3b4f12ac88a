/**
 * The SynTEG baseline (protocol Part B §2.6): {@link halo.model.synteg.SyntegModel}, a visit-sequence
 * dependency model whose conditions drive a WGAN-GP that generates the next visit, trained in two
 * phases.
 */
package halo.model.synteg;
