package dev.lodestone.bench;

/** A bad {@code bin/grid bench} command line; the message names the option and the value. Exit code 2. */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
