/**
 * One class per paper experiment with smoke/default/paper scale presets and a cache of trained models;
 * each runs its metric families through {@link halo.eval.EvaluationSuite} and adds caching, seeds and
 * provenance around them.
 */
package halo.experiment;
