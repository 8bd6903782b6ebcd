package dev.lodestone.api;

/**
 * The root of Lodestone's exceptions. Unchecked: most callers propagate them.
 *
 * <pre>{@code
 * try (Grid grid = Lodestone.connect(ConnectOptions.of("10.0.0.1:5701"))) { ... }
 * catch (GridException e) { System.err.println(e.getMessage()); }
 * }</pre>
 */
public class GridException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, and where */
    public GridException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, and where
     * @param cause   the underlying error
     */
    public GridException(String message, Throwable cause) {
        super(message, cause);
    }
}
