/**
 * The transformation cache: the bytes Byte Buddy produced for a class in an earlier run, replayed at load time
 * without loading Byte Buddy at all.
 *
 * <p>Why. Byte Buddy's first transformation in a JVM loads about 1,100 of its classes and runs them cold: about
 * 650 ms of start-up, which is most of the agent's cost on a short program (issue #5's start-up target is
 * +150 ms). The agent's transformations are pure functions of a class's bytes, the agent jar, the JDK and
 * whether call sites are recorded, so their result can be kept on disk like the JVM's own CDS archive keeps
 * parsed classes.
 *
 * <p>Choices, since no issue specifies them:
 *
 * <ul>
 *   <li>Where: {@code cache=DIR} ({@code off} disables it); the default is {@code $XDG_CACHE_HOME/custody},
 *       else {@code ~/.cache/custody}. One file per agent jar (size and modification time), JDK
 *       ({@code java.runtime.version}), mode (with or without call sites) and rules file (its canonical text):
 *       {@code classes-<hash>.bin}.
 *   <li>When not: a dynamic attach and {@code testFault} always run Byte Buddy (an attach retransforms whatever is
 *       loaded; the fault must reach Byte Buddy).
 *   <li>Key of a class: its internal name, its length and two checksums of its bytes (CRC-32 and Adler-32, 64 bits
 *       together). A class whose bytes mention neither the port's package ({@code dev/custody/metal/}) nor a class a
 *       rule names is never transformed and never looked up. A rule's own class is looked up even when it is the
 *       JDK's, and retransformed through the cache when it was loaded before {@code premain}.
 *   <li>Site ids: the call-site visitor bakes ids into the bytes, so the file also holds the site table that
 *       gave them meaning, restored before the first class loads.
 *   <li>Integrity: the file ends with a CRC-32 of everything before it; a file that is short, of another
 *       format or fails the checksum is ignored (and replaced at exit), never half-used.
 *   <li>Writing: only when the run transformed a class the file lacked, at exit, to a temporary file renamed
 *       over the old one atomically. Concurrent runs each write a self-consistent file; the last one wins. A
 *       directory keeps its 16 newest files (each rebuild of the agent jar starts a new one).
 * </ul>
 */
package dev.custody.agent.cache;
