/**
 * The pieces every window of the app shares: its words ({@link dev.otpverifier.ui.common.UiText},
 * from {@code UiText.properties} beside it), the factories that give each control its text,
 * mnemonic and accessible name ({@link dev.otpverifier.ui.common.Components}), the app's icon, and
 * the tinted notice box with its tones and colours.
 *
 * <p>Depends on the JDK, Swing and FlatLaf only (today on no other {@code dev.otpverifier}
 * package), and never on the other ui packages, which all depend on it. A piece used by one window
 * only belongs beside that window, not here. Event dispatch thread only, except where a class says
 * otherwise ({@code UiText} is thread safe).
 */
package dev.otpverifier.ui.common;
