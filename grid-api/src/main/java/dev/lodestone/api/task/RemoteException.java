package dev.lodestone.api.task;

/**
 * An exception from another JVM whose class may not exist here: its type, message and stack
 * trace, rebuilt. Appears as the cause of a {@link TaskFailedException}.
 *
 * <pre>{@code
 * Throwable cause = failed.getCause(); // RemoteException: java.io.IOException: disk full
 * }</pre>
 */
public final class RemoteException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String remoteType;
    private final String remoteMessage;

    /**
     * @param remoteType the class name of the remote exception
     * @param message    its message, may be null
     * @param trace      its stack trace
     * @param cause      its cause, may be null
     */
    public RemoteException(String remoteType, String message, StackTraceElement[] trace, RemoteException cause) {
        super(remoteType + (message == null ? "" : ": " + message), cause);
        this.remoteType = remoteType;
        this.remoteMessage = message;
        setStackTrace(trace);
    }

    /** The class name of the remote exception. */
    public String remoteType() {
        return remoteType;
    }

    /** The remote exception's own message, without its type, or null. */
    public String remoteMessage() {
        return remoteMessage;
    }
}
