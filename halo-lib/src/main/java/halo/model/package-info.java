/** HALO, HALO-Coarse and the baselines as DJL blocks, with typed configs; no I/O here. */
package halo.model;
