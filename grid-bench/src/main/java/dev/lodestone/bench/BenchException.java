package dev.lodestone.bench;

/** A benchmark could not run (members did not start, the grid did not settle); the message says what. Exit code 1. */
final class BenchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    BenchException(String message) {
        super(message);
    }

    BenchException(String message, Throwable cause) {
        super(message, cause);
    }
}
