/** The picocli command line behind ./halo. */
package halo.cli;
