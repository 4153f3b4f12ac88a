/**
 * The picocli command line behind ./halo. Option ranges are checked before any work ({@code
 * OptionChecks}); every error ends as one line {@code error: ...} (exit code 2 for bad input and
 * usage, 1 otherwise), with a stack trace only under {@code --debug}.
 */
package halo.cli;
