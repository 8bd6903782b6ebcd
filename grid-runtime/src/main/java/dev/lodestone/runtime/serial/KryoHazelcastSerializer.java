package dev.lodestone.runtime.serial;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import com.hazelcast.nio.serialization.StreamSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * Hazelcast's global serializer: map keys and values of classes Hazelcast has no built-in
 * serializer for (user classes, Serializable ones included) are written with Lodestone's Kryo.
 *
 * <p>Hazelcast also sends some of its own {@link Serializable} objects (configuration parts)
 * through the global serializer; those are not registered with Kryo, so they fall back to Java
 * serialization. A tag byte says which was used. A user class that is neither registered nor
 * Serializable fails with the registration hint.
 *
 * <p>THREADING: thread-safe (the codec pools Kryo instances).
 */
public final class KryoHazelcastSerializer implements StreamSerializer<Object> {

    /** Hazelcast type id; positive ids are the user range, this one is Lodestone's. */
    public static final int TYPE_ID = 7_317;

    private static final byte KRYO = 0;
    private static final byte JAVA = 1;

    private final KryoCodec codec;

    /** Writes with this codec. */
    public KryoHazelcastSerializer(KryoCodec codec) {
        this.codec = codec;
    }

    @Override
    public void write(ObjectDataOutput out, Object object) throws IOException {
        byte[] bytes;
        try {
            bytes = codec.encode(object);
        } catch (NotSerializableValueException e) {
            if (!(object instanceof Serializable)) {
                throw e;
            }
            out.writeByte(JAVA);
            out.writeByteArray(javaSerialize(object));
            return;
        }
        out.writeByte(KRYO);
        out.writeByteArray(bytes);
    }

    @Override
    public Object read(ObjectDataInput in) throws IOException {
        byte tag = in.readByte();
        byte[] bytes = in.readByteArray();
        if (tag == KRYO) {
            return codec.decode(bytes);
        }
        try (ObjectInputStream ois = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return ois.readObject();
        } catch (ClassNotFoundException e) {
            throw new HazelcastSerializationException("class of a Java-serialized value not found: " + e.getMessage(), e);
        }
    }

    private static byte[] javaSerialize(Object object) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ObjectOutputStream oos = new ObjectOutputStream(bos)) {
            oos.writeObject(object);
        }
        return bos.toByteArray();
    }

    @Override
    public int getTypeId() {
        return TYPE_ID;
    }
}
