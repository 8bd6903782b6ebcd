package dev.lodestone.runtime.serial;

import dev.lodestone.api.GridException;

/** A value could not be written or read with Kryo; the message says which class and why. */
public final class NotSerializableValueException extends GridException {

    private static final long serialVersionUID = 1L;

    private final String className;

    /**
     * @param className the class of the value that failed
     * @param reason    why
     * @param cause     Kryo's error
     */
    public NotSerializableValueException(String className, String reason, Throwable cause) {
        super(className + " cannot be serialized: " + reason, cause);
        this.className = className;
    }

    /** The class of the value that failed. */
    public String className() {
        return className;
    }
}
