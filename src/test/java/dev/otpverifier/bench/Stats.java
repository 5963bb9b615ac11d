package dev.otpverifier.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Median, minimum and maximum of a series of milliseconds. */
record Stats(String name, List<Double> millis) {

    double median() {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    double min() {
        return Collections.min(millis);
    }

    double max() {
        return Collections.max(millis);
    }

    String row() {
        return String.format(Locale.ROOT, "  %-58s %9.2f %9.2f %9.2f %5d", name, median(), min(), max(), millis.size());
    }

    static String header() {
        return String.format(Locale.ROOT, "  %-58s %9s %9s %9s %5s", "", "median ms", "min ms", "max ms", "runs");
    }
}
