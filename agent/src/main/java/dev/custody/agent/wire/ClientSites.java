package dev.custody.agent.wire;

import java.util.Arrays;

/**
 * A client's call-site texts, each encoded to UTF-8 once and numbered from 1, so that an event costs a hash
 * lookup instead of an encoding and the live set stores a number instead of a reference. Thread-safe; texts
 * are kept for the client's lifetime, so they should be few (the agent's come from its registered call sites).
 * Beyond {@link #MAX_SITES} distinct texts, every new text is recorded as {@link #OVERFLOW_TEXT}.
 */
/*
 * Design. Lookups are lock-free: a volatile open-addressing array of Site (text, UTF-8, number) keyed by the
 * String's own cached hashCode, compared by identity first (the agent passes the same String instance per
 * site), then by equals. A miss takes the monitor, re-checks, and publishes a copied array with the new site
 * (copy-on-write: misses happen once per distinct text). Numbers index a second copy-on-write array for
 * the resync path.
 */
final class ClientSites {
    /** The most distinct texts kept (the overflow text aside): numbers fit the live set's 24-bit field. */
    static final int MAX_SITES = (1 << 24) - 2;

    /** What a new text is recorded as once {@link #MAX_SITES} texts are kept. */
    static final String OVERFLOW_TEXT = "<too many call sites>";

    /** One distinct text: its UTF-8 (cut to {@link Protocol#MAX_STRING}) and its number. */
    record Site(String text, byte[] utf8, int number) {}

    private volatile Site[] table = new Site[64]; // power of two, at most half full
    private volatile Site[] byNumber = new Site[16]; // index = number; 0 unused
    private final int maxSites;
    private int count; // guarded by this

    ClientSites() {
        this(MAX_SITES);
    }

    /** A table keeping at most {@code maxSites} texts besides the overflow text (tests use a small one). */
    ClientSites(int maxSites) {
        if (maxSites < 1 || maxSites > MAX_SITES) {
            throw new IllegalArgumentException("maxSites " + maxSites + " must be in 1.." + MAX_SITES);
        }
        this.maxSites = maxSites;
    }

    /**
     * The site of {@code text} (null is the empty text), added on first sight.
     *
     * @return never null
     */
    Site of(String text) {
        String t = text == null ? "" : text;
        Site[] tab = table;
        int mask = tab.length - 1;
        for (int i = spread(t.hashCode()) & mask; ; i = (i + 1) & mask) {
            Site s = tab[i];
            if (s == null) {
                return add(t);
            }
            if (s.text == t || s.text.equals(t)) {
                return s;
            }
        }
    }

    /**
     * The UTF-8 of site number {@code number}.
     *
     * @param number a number of a site returned by {@link #of(String)}
     */
    byte[] utf8(int number) {
        return byNumber[number].utf8();
    }

    /** Distinct texts kept. */
    synchronized int size() {
        return count;
    }

    private synchronized Site add(String text) {
        Site[] tab = table;
        int mask = tab.length - 1;
        int i = spread(text.hashCode()) & mask;
        for (Site s = tab[i]; s != null; s = tab[i]) {
            if (s.text.equals(text)) {
                return s; // another thread added it first
            }
            i = (i + 1) & mask;
        }
        if (count >= maxSites && !text.equals(OVERFLOW_TEXT)) {
            return of(OVERFLOW_TEXT); // re-enters this monitor once, to add the overflow text itself
        }
        Site site = new Site(text, FrameWriter.utf8(text), ++count);
        Site[] numbered = byNumber;
        if (site.number() >= numbered.length) {
            numbered = Arrays.copyOf(numbered, numbered.length * 2);
        }
        numbered[site.number()] = site;
        byNumber = numbered; // published before the table, so a number found there always resolves
        Site[] next = count * 2 > tab.length ? rehash(tab, tab.length * 2) : tab.clone();
        insert(next, site);
        table = next;
        return site;
    }

    private static Site[] rehash(Site[] old, int capacity) {
        Site[] next = new Site[capacity];
        for (Site s : old) {
            if (s != null) {
                insert(next, s);
            }
        }
        return next;
    }

    private static void insert(Site[] tab, Site site) {
        int mask = tab.length - 1;
        int i = spread(site.text().hashCode()) & mask;
        while (tab[i] != null) {
            i = (i + 1) & mask;
        }
        tab[i] = site;
    }

    /** Mixes the high bits of a String hash into the low ones the mask keeps. */
    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
