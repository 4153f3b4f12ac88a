/**
 * halo-java: synthetic longitudinal EHR with HALO (Theodorou et al., Nature Communications 2023).
 *
 * <p>Packages, in data-flow order: {@code data} (records, loaders, vocabulary, encoding), {@code
 * model} (HALO and baselines on DJL), {@code train} (one trainer), {@code sample} (generation),
 * {@code eval} (metric families), {@code experiment} (paper experiments with scale presets), {@code
 * report} (tables and figures), {@code cli} (the {@code ./halo} command).
 */
package halo;
