package dev.custody.agent.tooling;

import dev.custody.agent.cache.CacheFiles;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The agent's options, parsed from one syntax wherever they come from: {@code -javaagent:custody-agent.jar=KEY=VALUE,…},
 * the arguments of {@code custody-agent.jar attach PID KEY=VALUE,…} and system properties {@code -Dcustody.KEY=VALUE}
 * (agent arguments win over system properties).
 *
 * @param level what the agent does
 * @param sample one object in {@code sample} gets a full stack at {@code level=stacks}
 * @param rules a rules file naming further classes to track, or null
 * @param reportAtExit whether the report is printed at exit ({@code report=exit})
 * @param out where the report goes, or null for standard error
 * @param jsonl whether the report is JSON lines ({@code format=jsonl})
 * @param server the allocation server's socket ({@code server=unix:PATH}), or null
 * @param strict whether an agent error fails the run
 * @param failOnLeak whether findings make the exit status non-zero
 * @param testFault test only: {@code ledger} makes every ledger event throw
 * @param cache the transformation cache's directory ({@code cache=DIR}), or null when off ({@code cache=off})
 */
public record AgentOptions(
        Level level,
        int sample,
        Path rules,
        boolean reportAtExit,
        Path out,
        boolean jsonl,
        Path server,
        boolean strict,
        boolean failOnLeak,
        String testFault,
        Path cache) {

    // A text block is a compile-time constant: nothing is joined at class initialization, which runs in premain.
    /** The text printed with every rejected option. */
    public static final String USAGE = """
            Custody agent options (KEY=VALUE, separated by commas; the same keys work as -Dcustody.KEY=VALUE):
              level=off|count|track|stacks|paranoid  what to do (default track: ownership ledger with call sites;
                                                     stacks: plus a sampled full stack; paranoid: a stack for every object)
              sample=N                               one object in N gets a stack at level=stacks (default 128)
              rules=FILE                             a rules file naming more classes to track
              report=exit|none                       print the report at exit (default exit)
              out=FILE                               write the report to FILE (default standard error)
              format=text|jsonl                      ASan-style text (default) or one JSON object per line
              server=unix:PATH                       stream events to the allocation server on that socket
              strict=true|false                      an agent error fails the run (default false)
              failOnLeak=true|false                  exit status 23 when the run leaked or had findings (default false)
              cache=DIR|off                          keep transformed classes between runs in DIR for a fast start
                                                     (default $XDG_CACHE_HOME/custody or ~/.cache/custody)
            Example: -javaagent:custody-agent.jar=level=stacks,sample=16,failOnLeak=true""";

    /** Exit status of a run with findings under {@code failOnLeak=true} (LeakSanitizer's default). */
    public static final int EXIT_FINDINGS = 23;

    /** Exit status of a run with agent errors under {@code strict=true}. */
    public static final int EXIT_AGENT_ERROR = 70;

    private static final String PREFIX = "custody.";
    /** The defaults but the cache directory, which parse computes only when no cache= is given. */
    private static final AgentOptions WITHOUT_CACHE =
            new AgentOptions(Level.TRACK, 128, null, true, null, false, null, false, false, "", null);

    /**
     * Returns the defaults: level=track, sample=128, report at exit as text to standard error, the transformation
     * cache in {@link CacheFiles#defaultDirectory}.
     */
    public static AgentOptions defaults() {
        return parse(null, new Properties());
    }

    private static Path defaultCache() {
        return CacheFiles.defaultDirectory(System.getenv("XDG_CACHE_HOME"), System.getProperty("user.home"));
    }

    /**
     * Parses agent arguments over the {@code custody.*} system properties.
     *
     * @param args {@code KEY=VALUE,…}; null or blank means none
     * @param system the system properties to read {@code custody.KEY} from
     * @return the options
     * @throws IllegalArgumentException naming the bad key or value, followed by {@link #USAGE}
     */
    public static AgentOptions parse(String args, Properties system) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : system.stringPropertyNames()) {
            if (name.startsWith(PREFIX)) {
                values.put(name.substring(PREFIX.length()), system.getProperty(name));
            }
        }
        if (args != null && !args.isBlank()) {
            for (String pair : args.split(",", -1)) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw rejected("option '" + pair.trim() + "' is not KEY=VALUE");
                }
                values.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        AgentOptions o = WITHOUT_CACHE;
        Level level = o.level;
        int sample = o.sample;
        Path rules = o.rules;
        boolean reportAtExit = o.reportAtExit;
        Path out = o.out;
        boolean jsonl = o.jsonl;
        Path server = o.server;
        boolean strict = o.strict;
        boolean failOnLeak = o.failOnLeak;
        String testFault = o.testFault;
        // The default directory only when no cache= is given: it reads the environment, whose first read parses
        // all of it (about 1.5 ms at start-up, interpreted).
        boolean cacheGiven = false;
        Path cache = null;
        for (Map.Entry<String, String> e : values.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            switch (key) {
                case "level" -> level = level(value);
                case "sample" -> sample = sample(value);
                case "rules" -> rules = path(key, value);
                case "report" -> reportAtExit = oneOf(key, value, "exit", "none");
                case "out" -> out = path(key, value);
                case "format" -> jsonl = !oneOf(key, value, "text", "jsonl");
                case "server" -> server = server(value);
                case "strict" -> strict = bool(key, value);
                case "failOnLeak" -> failOnLeak = bool(key, value);
                case "testFault" -> testFault = testFault(value);
                case "cache" -> {
                    cache = value.equals("off") ? null : path(key, value);
                    cacheGiven = true;
                }
                default -> throw rejected("unknown option '" + key + "'");
            }
        }
        if (!cacheGiven) {
            cache = defaultCache();
        }
        return new AgentOptions(
                level, sample, rules, reportAtExit, out, jsonl, server, strict, failOnLeak, testFault, cache);
    }

    private static Level level(String value) {
        for (Level l : Level.values()) {
            if (l.key().equals(value.toLowerCase(Locale.ROOT))) {
                return l;
            }
        }
        throw rejected("level=" + value + " is not one of off, count, track, stacks, paranoid");
    }

    private static int sample(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the rule
        }
        throw rejected("sample=" + value + " must be a whole number of at least 1");
    }

    private static Path path(String key, String value) {
        if (value.isEmpty()) {
            throw rejected(key + "= needs a file name");
        }
        return Path.of(value);
    }

    private static boolean oneOf(String key, String value, String first, String second) {
        if (value.equals(first)) {
            return true;
        }
        if (value.equals(second)) {
            return false;
        }
        throw rejected(key + "=" + value + " is not " + first + " or " + second);
    }

    private static boolean bool(String key, String value) {
        return oneOf(key, value, "true", "false");
    }

    private static Path server(String value) {
        if (!value.startsWith("unix:") || value.length() == "unix:".length()) {
            throw rejected("server=" + value + " must be unix:PATH (the allocation server's socket)");
        }
        return Path.of(value.substring("unix:".length()));
    }

    private static String testFault(String value) {
        if (!value.equals("ledger") && !value.isEmpty()) {
            throw rejected("testFault=" + value + " is not ledger (test only)");
        }
        return value;
    }

    private static IllegalArgumentException rejected(String what) {
        return new IllegalArgumentException("custody: " + what + "\n" + USAGE);
    }

    /** Returns whether the ledger runs (level track or above). */
    public boolean tracks() {
        return level.compareTo(Level.TRACK) >= 0;
    }
}
