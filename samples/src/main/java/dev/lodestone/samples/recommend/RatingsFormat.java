package dev.lodestone.samples.recommend;

import java.nio.file.Path;

/** The MovieLens file formats a ratings file may be in; {@link #detect} tells them apart from the first line. */
public enum RatingsFormat {
    /** {@code user<TAB>item<TAB>rating<TAB>timestamp}, no header (the 100,000-rating set). */
    TAB("\t", null),
    /** {@code user::item::rating::timestamp}, no header (the 1- and 10-million-rating sets). */
    DOUBLE_COLON("::", null),
    /** CSV with the header {@code userId,movieId,rating,timestamp} (the newer sets). */
    CSV(",", "userId,movieId,rating,timestamp");

    private final String separator;
    private final String header;

    RatingsFormat(String separator, String header) {
        this.separator = separator;
        this.header = header;
    }

    /** The field separator. */
    public String separator() {
        return separator;
    }

    /** The header line, or null when the format has none. */
    public String header() {
        return header;
    }

    /**
     * The format of a file whose first line is {@code firstLine}.
     *
     * @throws RatingsFileException when it is none of them
     */
    public static RatingsFormat detect(Path file, String firstLine) {
        String line = firstLine.startsWith("\uFEFF") ? firstLine.substring(1) : firstLine; // a BOM some editors write
        if (line.strip().equals(CSV.header)) {
            return CSV;
        }
        if (line.contains("::")) {
            return DOUBLE_COLON;
        }
        if (line.contains("\t")) {
            return TAB;
        }
        throw new RatingsFileException(file, 1, firstLine, "unknown ratings format: expected user<TAB>item<TAB>rating<TAB>timestamp,"
                + " user::item::rating::timestamp, or CSV with the header " + CSV.header);
    }
}
