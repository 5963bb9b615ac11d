package dev.otpverifier.ui.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Dimension;
import java.awt.Rectangle;
import org.junit.jupiter.api.Test;

/** Where the demo inbox goes beside the main window, on screens of every size (no display needed). */
class InboxPlacementTest {

    private static final Dimension INBOX = new Dimension(640, 600);
    private static final int GAP = 12;
    private static final int MIN = 420;

    private static Rectangle place(Rectangle screen, Rectangle owner) {
        return InboxWindow.besidePlace(screen, owner, INBOX, GAP, MIN);
    }

    @Test
    void aWindowWiderThanItsFormStillGetsTheInboxBesideItWhenThereIsRoom() {
        Rectangle window = new Rectangle(0, 0, 700, 460);
        Rectangle form = new Rectangle(0, 30, 640, 430);

        Rectangle placed = InboxWindow.placement(new Rectangle(0, 0, 1280, 1024), window, form, INBOX, GAP, MIN);

        assertThat(placed.intersects(window)).isFalse();
        assertThat(placed.x).isEqualTo(712);
    }

    @Test
    void aMaximisedWindowGetsTheInboxBesideItsFormOverTheEmptyPart() {
        Rectangle screen = new Rectangle(0, 0, 1280, 1024);
        Rectangle form = new Rectangle(0, 50, 640, 974);

        Rectangle placed = InboxWindow.placement(screen, screen, form, INBOX, GAP, MIN);

        assertThat(placed.intersects(form)).isFalse();
        assertThat(placed.x).isEqualTo(652);
        assertThat(placed.width).isEqualTo(1280 - 652);
    }

    @Test
    void withoutRoomBesideTheFormEitherItGoesWhereItWouldHaveGone() {
        Rectangle screen = new Rectangle(0, 0, 800, 600);
        Rectangle window = new Rectangle(0, 0, 800, 600);

        assertThat(InboxWindow.placement(screen, window, window, INBOX, GAP, MIN))
                .isEqualTo(InboxWindow.besidePlace(screen, window, INBOX, GAP, MIN));
        Rectangle form = new Rectangle(0, 40, 640, 560);
        assertThat(InboxWindow.placement(screen, window, form, INBOX, GAP, MIN))
                .isEqualTo(InboxWindow.besidePlace(screen, window, INBOX, GAP, MIN));
    }

    @Test
    void goesRightOfTheMainWindowWhenThereIsRoom() {
        Rectangle placed = place(new Rectangle(0, 0, 1920, 1080), new Rectangle(100, 200, 540, 460));

        assertThat(placed).isEqualTo(new Rectangle(652, 200, 640, 600));
    }

    @Test
    void goesLeftWhenOnlyTheLeftHasRoom() {
        Rectangle placed = place(new Rectangle(0, 0, 1920, 1080), new Rectangle(1300, 100, 540, 460));

        assertThat(placed).isEqualTo(new Rectangle(648, 100, 640, 600));
    }

    @Test
    void becomesNarrowerRatherThanCoverTheMainWindow() {
        Rectangle owner = new Rectangle(100, 0, 540, 460);
        Rectangle placed = place(new Rectangle(0, 0, 1180, 800), owner);

        assertThat(placed.width).isEqualTo(1180 - 652).isGreaterThanOrEqualTo(MIN);
        assertThat(placed.intersects(owner)).isFalse();
    }

    @Test
    void onAScreenTooSmallForBothItOverlapsAndTheCallerCanTell() {
        Rectangle owner = new Rectangle(60, 30, 540, 460);
        Rectangle placed = place(new Rectangle(0, 0, 640, 512), owner);

        assertThat(placed.intersects(owner)).isTrue();
        assertThat(new Rectangle(0, 0, 640, 512).contains(placed)).as("still on the screen").isTrue();
    }

    @Test
    void staysOnASecondScreenToTheRightAndBelowTheTopEdge() {
        Rectangle screen = new Rectangle(1920, 0, 1920, 1080);
        Rectangle placed = place(screen, new Rectangle(2000, 900, 540, 460));

        assertThat(placed.x).isEqualTo(2552);
        assertThat(placed.y + placed.height).isLessThanOrEqualTo(1080);
    }
}
