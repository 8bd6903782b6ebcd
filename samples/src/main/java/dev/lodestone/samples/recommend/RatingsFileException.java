package dev.lodestone.samples.recommend;

import java.nio.file.Path;

/** A ratings file that cannot be read as one: names the file, the line number and the line. */
public final class RatingsFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final int SHOWN = 200;

    private final transient Path file;
    private final long line;

    /** A problem with line {@code line} (from 1; 0 for the file as a whole) of {@code file}, whose text is {@code text}. */
    public RatingsFileException(Path file, long line, String text, String problem) {
        this(file, line, text, problem, null);
    }

    /** The same, with a hint on what to do about it (null: none). */
    public RatingsFileException(Path file, long line, String text, String problem, String hint) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem + (text == null ? "" : " in line '" + shorten(text) + "'")
                + (hint == null ? "" : " (" + hint + ")"));
        this.file = file;
        this.line = line;
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** The line number, from 1; 0 when the problem is the file as a whole. */
    public long line() {
        return line;
    }

    private static String shorten(String text) {
        return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "...";
    }
}
