package dev.custody.agent.server;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Proves that the process sending a handshake is the pid it claims.
 */
/*
 * Design. JDK 17's SO_PEERCRED gives a UnixDomainPrincipal with the peer's user and group but no pid, and
 * /proc/net/unix does not say which socket is whose peer. So the client binds its socket to a fresh path
 * before connecting (and deletes the file at once; the kernel keeps the name on the socket). The server
 * reads that name as the remote address, finds the socket's inode under that name in /proc/net/unix, and
 * accepts the claimed pid only if /proc/<pid>/fd holds a link to socket:[inode]. A process cannot hold
 * another process's descriptor unless that process handed it over, so a claim of a foreign pid fails.
 * The user from SO_PEERCRED must also be the server's user (the socket is 0600 already; this is the
 * second lock).
 */
final class PeerVerifier {
    private final Path procRoot;

    PeerVerifier(Path procRoot) {
        this.procRoot = procRoot;
    }

    static PeerVerifier system() {
        return new PeerVerifier(Path.of("/proc"));
    }

    /**
     * Checks a claimed pid against the connected peer.
     *
     * @return empty when verified, else the reason to refuse
     */
    Optional<String> verify(SocketChannel ch, long claimedPid) {
        try {
            UnixDomainPrincipal who = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
            String me = System.getProperty("user.name");
            if (who != null && me != null && !who.user().getName().equals(me)) {
                return Optional.of("peer user " + who.user().getName() + " is not the server's user " + me);
            }
            SocketAddress remote = ch.getRemoteAddress();
            String name =
                    remote instanceof UnixDomainSocketAddress u ? u.getPath().toString() : "";
            if (name.isEmpty()) {
                return Optional.of("the client socket is unnamed, so the process holding it cannot be proven;"
                        + " bind it to a path before connecting (ServerClient does)");
            }
            return verifyNamed(name, claimedPid);
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of("cannot read the peer's credentials: " + e.getMessage());
        }
    }

    /** The check for a client socket bound to {@code name}. */
    Optional<String> verifyNamed(String name, long claimedPid) throws IOException {
        Set<String> inodes = inodesNamed(name);
        if (inodes.isEmpty()) {
            return Optional.of("no socket named " + name + " in " + procRoot.resolve("net/unix"));
        }
        Path fds = procRoot.resolve(Long.toString(claimedPid)).resolve("fd");
        if (!Files.isDirectory(fds)) {
            return Optional.of("the handshake claims pid " + claimedPid + ", but no such process exists");
        }
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(fds)) {
            for (Path fd : dir) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue; // closed while we looked
                }
                if (target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1))) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of("the handshake claims pid " + claimedPid + ", but that process does not hold the"
                + " connecting socket " + name + " (inode " + String.join(",", inodes) + ")");
    }

    /**
     * The inodes of the sockets bound to {@code name}, from /proc/net/unix ({@code Num RefCount Protocol Flags Type St
     * Inode Path}, separated by spaces). Scanned by hand: a regex split of every line ran interpreted in each new
     * session and was most of the check's millisecond.
     */
    private Set<String> inodesNamed(String name) throws IOException {
        Set<String> out = new HashSet<>();
        String table = new String(Files.readAllBytes(procRoot.resolve("net/unix")), StandardCharsets.UTF_8);
        for (int start = 0; start < table.length(); ) {
            int end = table.indexOf('\n', start);
            if (end < 0) {
                end = table.length();
            }
            String inode = inodeIfNamed(table, start, end, name);
            if (inode != null) {
                out.add(inode);
            }
            start = end + 1;
        }
        return out;
    }

    /** The inode (field 7) of the line {@code [start, end)} if its path (field 8) is {@code name}, else null. */
    private static String inodeIfNamed(String table, int start, int end, String name) {
        int fieldStart = -1;
        int field = 0;
        String inode = null;
        for (int i = start; i <= end; i++) {
            boolean blank = i == end || table.charAt(i) == ' ' || table.charAt(i) == '\t';
            if (!blank && fieldStart < 0) {
                fieldStart = i;
            } else if (blank && fieldStart >= 0) {
                field++;
                if (field == 7) {
                    inode = table.substring(fieldStart, i);
                } else if (field == 8) {
                    return i - fieldStart == name.length() && table.startsWith(name, fieldStart) ? inode : null;
                }
                fieldStart = -1;
            }
        }
        return null;
    }
}
