package dev.lodestone.runtime.job;

import com.esotericsoftware.kryo.io.Input;
import dev.lodestone.runtime.transport.Wire;

/**
 * A decoded RESULT record, as a member sends it and as a durable task's entry keeps it.
 *
 * @param seq     the task's sequence (a job task's index)
 * @param status  {@link Wire#OK}, {@link Wire#FAILED}, {@link Wire#TIMED_OUT}, ...
 * @param attempt the attempt it is the outcome of
 * @param payload the serialized value, for OK
 * @param chain   the remote error chain, for FAILED
 * @param message the message, for TIMED_OUT and REJECTED
 */
public record ResultRecord(long seq, byte status, int attempt, byte[] payload, Wire.RemoteError[] chain, String message) {

    /** Parses a whole RESULT record, type byte included. */
    public static ResultRecord parse(byte[] record) {
        Input in = new Input(record);
        byte type = in.readByte();
        if (type != Wire.RESULT) {
            throw new IllegalArgumentException("not a RESULT record: type " + type);
        }
        long seq = in.readVarLong(true);
        byte status = in.readByte();
        int attempt = in.readVarInt(true);
        if ((status & Wire.RAN_ON) != 0) {
            in.readString();
            status &= ~Wire.RAN_ON;
        }
        return switch (status) {
            case Wire.OK -> new ResultRecord(seq, status, attempt, Wire.readBytes(in), null, null);
            case Wire.FAILED -> new ResultRecord(seq, status, attempt, null, Wire.readFailure(in), null);
            case Wire.TIMED_OUT, Wire.REJECTED -> new ResultRecord(seq, status, attempt, null, null, in.readString());
            default -> new ResultRecord(seq, status, attempt, null, null, null);
        };
    }

    /** For an outcome other than OK: what went wrong, in one line; null for OK. */
    public String failureText() {
        return switch (status) {
            case Wire.OK -> null;
            case Wire.FAILED -> chain.length == 0 ? "failed" : chain[0].type() + ": " + chain[0].message();
            case Wire.TIMED_OUT -> "timed out " + message;
            case Wire.REJECTED -> "rejected: " + message;
            case Wire.CANCELLED -> "cancelled";
            default -> "status " + status;
        };
    }

    /** True when a later attempt might do better: the task threw or ran out of time. */
    public boolean retryable() {
        return status == Wire.FAILED || status == Wire.TIMED_OUT;
    }
}
