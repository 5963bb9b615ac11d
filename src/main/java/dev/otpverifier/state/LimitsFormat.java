package dev.otpverifier.state;

import dev.otpverifier.otp.AddressLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.regex.Pattern;

/**
 * The text of the limits file, version 1, and its strict reader.
 *
 * <pre>
 * otp-verifier limits 1
 * key 0123456789abcdef
 * entry &lt;64 hex digits&gt; sends &lt;list&gt; failures &lt;list&gt; forgiven &lt;instant or -&gt; locked &lt;instant or -&gt;
 * ...
 * end &lt;number of entries&gt;
 * </pre>
 *
 * <p>A list is {@code -} or instants separated by commas, strictly increasing; an instant is ISO 8601
 * in UTC as {@link Instant#toString()} writes it, with a four-digit year. The {@code key} line is a
 * fingerprint of the key the hashes were made with. The {@code end} line makes a file that was cut
 * short detectable. Only printable ASCII and {@code \n}; every line, the trailer included, ends with
 * {@code \n}; nothing follows it.
 *
 * <p>The reader treats the file as hostile: lines and entries are bounded, numbers and instants must
 * match exactly, and anything else is a {@link Malformed} with a reason in words that never repeats
 * the file's contents. No other exception leaves it except the {@link IOException} of the stream.
 */
final class LimitsFormat {

    static final String HEADER = "otp-verifier limits 1";
    /** The longest instant the format allows: nanoseconds and a four-digit year. */
    private static final int INSTANT_LENGTH_MAX = "0000-00-00T00:00:00.000000000Z".length();
    /** The most instants one list may hold; the ledger keeps the latest ones when there are more. */
    static final int MAX_INSTANTS_PER_LIST = 1024;
    /** The most entries a file may hold, whatever the policy says. */
    static final int MAX_ENTRIES = 100_000;
    /** Room for two full lists of the longest instants this format allows, and the words around them. */
    static final int MAX_LINE_LENGTH = 2 * MAX_INSTANTS_PER_LIST * (INSTANT_LENGTH_MAX + 1) + 256;

    private static final String KEY_PREFIX = "key ";
    private static final String ENTRY_PREFIX = "entry ";
    private static final String END_PREFIX = "end ";
    private static final Pattern KEY_CHECK = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern COUNT = Pattern.compile("0|[1-9][0-9]{0,5}");
    private static final Pattern INSTANT = Pattern
            .compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{3}|\\.[0-9]{6}|\\.[0-9]{9})?Z");

    /** The earliest and latest instants the format can hold: years 0000 to 9999. */
    static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    /** What a file holds: the fingerprint of its key and the limits by hashed address. */
    record Contents(String keyCheck, Map<String, AddressLimits> entries) {
    }

    /** The file is not one this program wrote, or not all of one; the reason completes "The file ...". */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String reason) {
            super(reason, null, false, false);
        }

        String reason() {
            return getMessage();
        }
    }

    private LimitsFormat() {
    }

    /**
     * The file's bytes for these entries. Every instant must lie within {@link #EARLIEST} and
     * {@link #LATEST} and every list must be at most {@link #MAX_INSTANTS_PER_LIST} long, so that the
     * reader accepts what the writer writes.
     */
    static byte[] write(String keyCheck, SortedMap<String, AddressLimits> entries) {
        if (!KEY_CHECK.matcher(keyCheck).matches() || entries.size() > MAX_ENTRIES) {
            throw new AssertionError("the ledger passed a key check or an entry count the format cannot hold");
        }
        StringBuilder text = new StringBuilder(64 + entries.size() * 160);
        text.append(HEADER).append('\n').append(KEY_PREFIX).append(keyCheck).append('\n');
        for (Map.Entry<String, AddressLimits> entry : entries.entrySet()) {
            AddressLimits limits = entry.getValue();
            text.append(ENTRY_PREFIX).append(entry.getKey());
            text.append(" sends ");
            appendList(text, limits.sends());
            text.append(" failures ");
            appendList(text, limits.failures());
            text.append(" forgiven ");
            appendOptional(text, limits.failuresForgivenAt());
            text.append(" locked ");
            appendOptional(text, limits.lockedUntil());
            text.append('\n');
        }
        text.append(END_PREFIX).append(entries.size()).append('\n');
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads a whole file; the stream is read to its end or to the first fault. */
    static Contents read(InputStream in) throws IOException, Malformed {
        Lines lines = new Lines(in);
        // The first line is judged even when it has no end, so that a stray file is named for what it is.
        String header = lines.next(true);
        if (header == null) {
            throw new Malformed("is empty");
        }
        if (!header.equals(HEADER)) {
            throw new Malformed(header.startsWith("otp-verifier limits ")
                    ? "is of a version this program does not know"
                    : "does not start like a limits file");
        }
        if (lines.number() == 0) {
            throw new Malformed("is cut short in line 1");
        }
        String keyLine = lines.next();
        if (keyLine == null) {
            throw new Malformed("is cut short after line 1");
        }
        if (!keyLine.startsWith(KEY_PREFIX) || !KEY_CHECK.matcher(keyLine.substring(KEY_PREFIX.length())).matches()) {
            throw new Malformed("has no valid key line on line 2");
        }
        Map<String, AddressLimits> entries = new HashMap<>();
        while (true) {
            String line = lines.next();
            if (line == null) {
                throw new Malformed("is cut short after line " + lines.number() + " (it has no end line)");
            }
            if (line.startsWith(ENTRY_PREFIX)) {
                if (entries.size() == MAX_ENTRIES) {
                    throw new Malformed("holds more than " + MAX_ENTRIES + " entries");
                }
                String hash = entry(line, lines.number(), entries);
                if (hash == null) {
                    throw new Malformed("has no valid entry on line " + lines.number());
                }
            } else if (line.startsWith(END_PREFIX)) {
                String count = line.substring(END_PREFIX.length());
                if (!COUNT.matcher(count).matches() || Integer.parseInt(count) != entries.size()) {
                    throw new Malformed("ends with a count that does not match its " + entries.size() + " entries");
                }
                if (lines.next() != null || !lines.atEnd()) {
                    throw new Malformed("goes on after its end line");
                }
                return new Contents(keyLine.substring(KEY_PREFIX.length()), entries);
            } else {
                throw new Malformed("has no valid entry on line " + lines.number());
            }
        }
    }

    /** Adds the entry on this line and returns its hash, or null when the line is not one. */
    private static String entry(String line, int number, Map<String, AddressLimits> entries) throws Malformed {
        String[] fields = line.split(" ", -1);
        if (fields.length != 10 || !fields[2].equals("sends") || !fields[4].equals("failures")
                || !fields[6].equals("forgiven") || !fields[8].equals("locked")) {
            return null;
        }
        String hash = fields[1];
        if (!HASH.matcher(hash).matches()) {
            return null;
        }
        Optional<List<Instant>> sends = list(fields[3]);
        Optional<List<Instant>> failures = list(fields[5]);
        Optional<Optional<Instant>> forgiven = optional(fields[7]);
        Optional<Optional<Instant>> locked = optional(fields[9]);
        if (sends.isEmpty() || failures.isEmpty() || forgiven.isEmpty() || locked.isEmpty()) {
            return null;
        }
        if (entries.containsKey(hash)) {
            throw new Malformed("holds the same address twice (line " + number + ")");
        }
        entries.put(hash, new AddressLimits(sends.get(), failures.get(), forgiven.get(), locked.get()));
        return hash;
    }

    private static Optional<List<Instant>> list(String field) {
        if (field.equals("-")) {
            return Optional.of(List.of());
        }
        String[] items = field.split(",", -1);
        if (items.length > MAX_INSTANTS_PER_LIST) {
            return Optional.empty();
        }
        List<Instant> instants = new ArrayList<>(items.length);
        for (String item : items) {
            Optional<Instant> instant = instant(item);
            if (instant.isEmpty() || (!instants.isEmpty() && !instant.get().isAfter(instants.get(instants.size() - 1)))) {
                return Optional.empty();
            }
            instants.add(instant.get());
        }
        return Optional.of(instants);
    }

    /** Empty when the field is not valid; a present empty value for {@code -}. */
    private static Optional<Optional<Instant>> optional(String field) {
        if (field.equals("-")) {
            return Optional.of(Optional.empty());
        }
        return instant(field).map(Optional::of);
    }

    private static Optional<Instant> instant(String text) {
        if (!INSTANT.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeException invalidDate) {
            // Month 13 or 30 February match the pattern but are no date.
            return Optional.empty();
        }
    }

    private static void appendList(StringBuilder text, List<Instant> instants) {
        if (instants.isEmpty()) {
            text.append('-');
            return;
        }
        for (int i = 0; i < instants.size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(instants.get(i));
        }
    }

    private static void appendOptional(StringBuilder text, Optional<Instant> instant) {
        if (instant.isEmpty()) {
            text.append('-');
        } else {
            text.append(instant.get());
        }
    }

    /** Lines of printable ASCII, each ended by {@code \n} and at most {@link #MAX_LINE_LENGTH} long. */
    private static final class Lines {
        private final InputStream in;
        private final byte[] buffer = new byte[8192];
        private int position;
        private int limit;
        private int number;
        private boolean ended;

        Lines(InputStream in) {
            this.in = in;
        }

        /** The next line without its {@code \n}, or null at the end of the file. */
        String next() throws IOException, Malformed {
            return next(false);
        }

        /**
         * The next line without its {@code \n}, or null at the end of the file.
         *
         * @param unended whether a last line without {@code \n} is returned (without counting it)
         *     rather than refused as cut short
         */
        String next(boolean unended) throws IOException, Malformed {
            StringBuilder line = new StringBuilder();
            while (true) {
                int b = read();
                if (b < 0) {
                    if (line.length() > 0) {
                        if (unended) {
                            return line.toString();
                        }
                        throw new Malformed("is cut short in line " + (number + 1));
                    }
                    return null;
                }
                if (b == '\n') {
                    number++;
                    return line.toString();
                }
                if (b < 0x20 || b > 0x7e) {
                    throw new Malformed("holds a character that is not printable ASCII on line " + (number + 1));
                }
                if (line.length() == MAX_LINE_LENGTH) {
                    throw new Malformed("has a line longer than " + MAX_LINE_LENGTH + " characters (line " + (number + 1)
                            + ")");
                }
                line.append((char) b);
            }
        }

        /** The number of the last line returned. */
        int number() {
            return number;
        }

        boolean atEnd() {
            return ended;
        }

        private int read() throws IOException {
            if (position == limit) {
                if (ended) {
                    return -1;
                }
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    ended = true;
                    return -1;
                }
            }
            return buffer[position++] & 0xff;
        }
    }
}
