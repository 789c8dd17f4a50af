package dev.custody.agent.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;

/** Reads whole length-prefixed frames from a stream, never a partial one. */
/*
 * Design. A plain reader reads exactly one frame at a time (its 4-byte length, then its body), so the channel can be
 * handed to other code between frames: the agent's client reads only WELCOME through it. A reusing reader serves a
 * server session, which reads nothing but frames: it reads ahead into one buffer, as much as the socket holds, and
 * hands out frames as views of that buffer. An agent writes a frame every 10 to 100 ms; reading length and
 * body separately took two system calls a frame, and on a paravirtualised host a system call costs tens of
 * microseconds of the two cores the application shares with the server.
 */
public final class FrameReader {
    private final ReadableByteChannel ch;
    private final ByteBuffer header = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    private final boolean reuse;
    // the reusing reader's buffer: bytes [position, limit) are read and not yet handed out
    private ByteBuffer in;

    /** Reads frames from {@code ch} (a blocking channel); each frame has its own buffer. */
    public FrameReader(ReadableByteChannel ch) {
        this(ch, false);
    }

    /**
     * Reads frames from {@code ch}; with {@code reuse}, every frame's payload lives in one buffer (grown to
     * the largest frame so far, at most {@link Protocol#MAX_FRAME}) that the next {@link #next()} overwrites,
     * for a caller that is done with each frame before it reads the next. A reusing reader also reads ahead of
     * the frame it returns, so the channel must then be read through it alone. A server session reads hundreds
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
        if (reuse) {
            return nextBuffered();
        }
        header.clear();
        if (!fill(header, true)) {
            return null;
        }
        int len = checkedLength(header.getInt(0));
        ByteBuffer body = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        fill(body, false);
        body.flip();
        int type = body.get() & 0xFF;
        return new Frame(type, body.slice().order(ByteOrder.LITTLE_ENDIAN));
    }

    private Frame nextBuffered() throws IOException {
        if (in == null) {
            // Direct: a read into a heap buffer goes through a temporary direct buffer of the same size, which a
            // session's fresh thread would allocate and zero first.
            in = ByteBuffer.allocateDirect(64 << 10)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .limit(0);
        }
        if (!readAhead(4, true)) {
            return null;
        }
        int len = checkedLength(in.getInt(in.position()));
        readAhead(4 + len, false);
        int start = in.position() + 4;
        int type = in.get(start) & 0xFF;
        ByteBuffer payload = in.slice(start + 1, len - 1).order(ByteOrder.LITTLE_ENDIAN);
        in.position(start + len);
        return new Frame(type, payload);
    }

    /**
     * Makes at least {@code need} unread bytes available in {@link #in}, reading as many as the channel gives.
     *
     * @return false on a clean end of stream with no unread byte, when {@code eofAllowedAtStart}
     */
    private boolean readAhead(int need, boolean eofAllowedAtStart) throws IOException {
        if (in.remaining() >= need) {
            return true;
        }
        if (in.capacity() < need) {
            ByteBuffer bigger = ByteBuffer.allocateDirect(
                            Math.max(need, Math.min(Protocol.MAX_FRAME + 4, 2 * in.capacity())))
                    .order(ByteOrder.LITTLE_ENDIAN);
            bigger.put(in).flip();
            in = bigger;
        } else if (in.capacity() - in.position() < need) {
            in.compact().flip();
        }
        while (in.remaining() < need) {
            int p = in.position();
            in.position(in.limit()).limit(in.capacity());
            int n = ch.read(in);
            in.limit(in.position()).position(p);
            if (n < 0) {
                if (eofAllowedAtStart && in.remaining() == 0) {
                    return false;
                }
                int got = in.remaining();
                if (need == 4) {
                    throw new ProtocolException("stream ended inside a frame: got " + got + " of 4 length bytes");
                }
                throw new ProtocolException(
                        "stream ended inside a frame: got " + (got - 4) + " of " + (need - 4) + " bytes");
            }
        }
        return true;
    }

    private static int checkedLength(int len) throws ProtocolException {
        if (len < 1 || len > Protocol.MAX_FRAME) {
            throw new ProtocolException("frame length " + Integer.toUnsignedString(len) + " is outside 1.."
                    + Protocol.MAX_FRAME + " (is the peer speaking another protocol?)");
        }
        return len;
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
