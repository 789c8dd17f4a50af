package dev.custody.agent.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;

/** Reads whole length-prefixed frames from a stream, never a partial one. */
public final class FrameReader {
    private final ReadableByteChannel ch;
    private final ByteBuffer header = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    private final boolean reuse;
    private ByteBuffer body = ByteBuffer.allocate(0);

    /** Reads frames from {@code ch} (a blocking channel); each frame has its own buffer. */
    public FrameReader(ReadableByteChannel ch) {
        this(ch, false);
    }

    /**
     * Reads frames from {@code ch}; with {@code reuse}, every frame's payload lives in one buffer (grown to
     * the largest frame so far, at most {@link Protocol#MAX_FRAME}) that the next {@link #next()} overwrites,
     * for a caller that is done with each frame before it reads the next. A server session reads hundreds
     * of 256 KiB frames a second: a fresh buffer each is cold memory to zero and fill, and showed as a fifth
     * of the session's time.
     */
    public FrameReader(ReadableByteChannel ch, boolean reuse) {
        this.ch = ch;
        this.reuse = reuse;
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
        ByteBuffer body;
        if (reuse) {
            if (this.body.capacity() < len) {
                this.body = ByteBuffer.allocate(Math.max(len, Math.min(Protocol.MAX_FRAME, 2 * this.body.capacity())));
            }
            body = this.body.clear().limit(len).order(ByteOrder.LITTLE_ENDIAN);
        } else {
            body = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        }
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
                        "stream ended inside a frame: got " + b.position() + " of " + b.limit() + " bytes");
            }
        }
        return true;
    }
}
