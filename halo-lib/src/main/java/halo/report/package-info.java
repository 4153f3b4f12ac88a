/** Tables to CSV/Markdown/LaTeX, figures to HTML and PNG, with provenance, for results/ and notebooks. */
package halo.report;
