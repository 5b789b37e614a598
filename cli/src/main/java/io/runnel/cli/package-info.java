/**
 * The {@code runnel} command line behind {@code bin/runnel}: one picocli command per subcommand.
 *
 * <p>This is the one module that sees all others; nothing depends on it. Commands run on the main
 * thread and print to stdout what a person reads, and to stderr (through Logback) what a log reads.
 */
package io.runnel.cli;
