/** One class per paper experiment with smoke/default/paper scale presets and a cache of trained models. */
package halo.experiment;
