package dev.lodestone.bench;

import dev.lodestone.runtime.serial.KryoCodec;
import dev.lodestone.runtime.serial.TypeRegistrations;

/**
 * How many bytes a task is once serialized: the payload a member holds for each queued task (it keeps tasks
 * serialized until a worker runs them). Encodes with the same Kryo codec and registrations as the client does
 * ({@code TypeRegistrar}s found on the class path), so the scale benchmark can say how much of a queued task's heap is
 * its own payload and how much is Lodestone's bookkeeping.
 *
 * <pre>{@code
 * PayloadSize sizes = PayloadSize.fromClassPath();
 * int bytes = sizes.of(new Noop(42));   // a few bytes: a class id and a varint
 * }</pre>
 *
 * <p>THREADING: thread-safe (the codec pools its Kryo instances).
 */
final class PayloadSize {

    private final KryoCodec codec;

    private PayloadSize(KryoCodec codec) {
        this.codec = codec;
    }

    /** Sizes with the registrations on this JVM's class path, as {@code Lodestone.connect} uses. */
    static PayloadSize fromClassPath() {
        return new PayloadSize(new KryoCodec(TypeRegistrations.fromClassPath(PayloadSize.class.getClassLoader())));
    }

    /** The serialized size of {@code task}, in bytes. */
    int of(Object task) {
        return codec.encode(task).length;
    }
}
