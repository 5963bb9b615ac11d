package dev.otpverifier.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Image;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class AppIconTest {

    static final java.util.List<Integer> SIZES = AppIcon.SIZES;

    @ParameterizedTest
    @FieldSource("SIZES")
    void eachSizeIsATileWithAWhiteEnvelopeAndClearCorners(int size) {
        BufferedImage icon = AppIcon.draw(size);

        assertThat(icon.getWidth()).isEqualTo(size);
        assertThat(icon.getHeight()).isEqualTo(size);
        assertThat(alpha(icon.getRGB(0, 0))).as("rounded corner").isZero();
        assertThat(alpha(icon.getRGB(size - 1, 0))).as("rounded corner").isZero();
        Color tile = new Color(icon.getRGB(size / 2, Math.max(1, size / 10)), true);
        assertThat(tile.getAlpha()).isEqualTo(255);
        assertThat(tile.getBlue()).as("blue tile").isGreaterThan(tile.getRed() + 80);
        Color envelope = new Color(icon.getRGB(size * 30 / 100, size * 60 / 100), true);
        assertThat(envelope).as("the envelope's white").isEqualTo(Color.WHITE);
    }

    @ParameterizedTest
    @FieldSource("SIZES")
    void theCheckAppearsFromTwentyFourPixelsUp(int size) {
        BufferedImage icon = AppIcon.draw(size);

        assertThat(greenPixels(icon) > 0).isEqualTo(size >= AppIcon.CHECK_FROM);
    }

    @Test
    void imagesAreMadeOnceAtEverySize() {
        java.util.List<Image> images = AppIcon.images();

        assertThat(images).hasSameSizeAs(AppIcon.SIZES);
        for (int i = 0; i < images.size(); i++) {
            assertThat(images.get(i).getWidth(null)).isEqualTo(AppIcon.SIZES.get(i));
        }
        assertThat(AppIcon.images()).isSameAs(images);
    }

    private static int alpha(int argb) {
        return argb >>> 24;
    }

    private static int greenPixels(BufferedImage icon) {
        int count = 0;
        for (int y = 0; y < icon.getHeight(); y++) {
            for (int x = 0; x < icon.getWidth(); x++) {
                Color color = new Color(icon.getRGB(x, y), true);
                if (color.getAlpha() == 255 && color.getGreen() > color.getRed() + 60 && color.getGreen() > color.getBlue() + 30) {
                    count++;
                }
            }
        }
        return count;
    }
}
