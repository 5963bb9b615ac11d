package dev.otpverifier.ui.common;

/**
 * How a status or a notice reads: its colour and icon. The main window's statuses, its banners and
 * the settings dialog's outcomes all speak in these four; {@link Tones} gives each its colours.
 */
public enum Tone {
    /** Good news that needs nothing, such as "code sent". */
    INFO,
    /** The goal is reached. */
    SUCCESS,
    /** Something to wait for or redo; nothing is broken. */
    WARNING,
    /** Something failed. */
    ERROR
}
