package dev.lodestone.runtime.job;

import java.util.regex.Pattern;

/**
 * Job ids: {@code <name>-<number in base 36>}, the number from a cluster-wide flake id generator. The number
 * alone identifies the job in the grid's maps; the name is there for people.
 */
public final class JobIds {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private JobIds() {
    }

    /** Checks a job name. */
    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a job name must be 1 to 100 letters, digits, '.', '_' or '-', got "
                    + (name == null ? "null" : "'" + name + "'"));
        }
    }

    /** The id of job number {@code number} named {@code name}. */
    public static String format(String name, long number) {
        return name + "-" + Long.toString(number, 36);
    }

    /**
     * The job number in an id.
     *
     * @throws IllegalArgumentException when the id is not of the form {@code <name>-<base 36 number>}
     */
    public static long number(String id) {
        int dash = id == null ? -1 : id.lastIndexOf('-');
        if (dash <= 0 || dash == id.length() - 1) {
            throw new IllegalArgumentException("'" + id + "' is not a job id: job ids look like <name>-<number>, e.g. scores-2kq81v3");
        }
        try {
            long n = Long.parseLong(id.substring(dash + 1), 36);
            if (n < 0) {
                throw new NumberFormatException("negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + id + "' is not a job id: '" + id.substring(dash + 1)
                    + "' after the last '-' is not a base-36 number", e);
        }
    }
}
