package dev.custody.agent.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;

/** Reads whole length-prefixed frames from a stream, never a partial one. */
public final class FrameReader {
    private final ReadableByteChannel ch;
    private final ByteBuffer header = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);

    /** Reads frames from {@code ch} (a blocking channel). */
    public FrameReader(ReadableByteChannel ch) {
        this.ch = ch;
    }

    /** One frame: its type and its payload. */
    public record Frame(int type, ByteBuffer payload) {
        /** A reader over the payload. */
        public WireInput input() {
            return new WireInput(payload);
        }
    }

    /**
     * Reads the next frame.
     *
     * @return the frame, or {@code null} at end of stream on a frame boundary
     * @throws ProtocolException if the stream ends inside a frame or a length is outside 1..MAX_FRAME
     */
    public Frame next() throws IOException {
        header.clear();
        if (!fill(header, true)) {
            return null;
        }
        int len = header.getInt(0);
        if (len < 1 || len > Protocol.MAX_FRAME) {
            throw new ProtocolException("frame length " + Integer.toUnsignedString(len) + " is outside 1.."
                    + Protocol.MAX_FRAME + " (is the peer speaking another protocol?)");
        }
        ByteBuffer body = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        fill(body, false);
        body.flip();
        int type = body.get() & 0xFF;
        return new Frame(type, body.slice().order(ByteOrder.LITTLE_ENDIAN));
    }

    /** Fills {@code b}; returns false on a clean end of stream before its first byte when allowed. */
    private boolean fill(ByteBuffer b, boolean eofAllowedAtStart) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b);
            if (n < 0) {
                if (eofAllowedAtStart && b.position() == 0) {
                    return false;
                }
                throw new ProtocolException(
                        "stream ended inside a frame: got " + b.position() + " of " + b.capacity() + " bytes");
            }
        }
        return true;
    }
}
