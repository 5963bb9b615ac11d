/**
 * The demo inbox window: the messages demo mode's built-in mail server received, and the selected
 * one as its recipient would see it. {@link dev.otpverifier.ui.inbox.Inbox} and
 * {@link dev.otpverifier.ui.inbox.InboxMessage} are what the window reads, Swing-free and
 * implemented by the {@code app} package over the demo server; where the window goes beside the
 * main window is worked out by static, Swing-free methods of
 * {@link dev.otpverifier.ui.inbox.InboxWindow}, tested without a display.
 *
 * <p>Depends on {@code dev.otpverifier.ui.common} only (and the JDK, Swing, FlatLaf): not on the
 * demo server, nor on the main window, which it knows only as an
 * {@link dev.otpverifier.ui.inbox.InboxWindow.FormOwner} whose form it must leave in sight. Event
 * dispatch thread only, except {@code Inbox} and {@code InboxMessage}, which are thread safe.
 */
package dev.otpverifier.ui.inbox;
