/**
 * The entry point: reads the command line, sets up logging, loads the configuration, wires the
 * parts together and picks the window, the terminal or the demo.
 *
 * <p>The only package that may depend on all the others.
 */
package dev.otpverifier.app;
