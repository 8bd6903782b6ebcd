package dev.lodestone.runtime.transport;

import dev.lodestone.api.GridException;

/** A record was sent on a connection that is already closed. */
public final class ConnectionClosedException extends GridException {

    private static final long serialVersionUID = 1L;

    /** @param description the connection */
    public ConnectionClosedException(String description) {
        super("connection " + description + " is closed");
    }
}
