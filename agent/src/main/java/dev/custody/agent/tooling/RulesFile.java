package dev.custody.agent.tooling;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A rules file as read from disk: its rules, checked line by line, and nothing about Byte Buddy or the ledger. The
 * agent reads it in {@code premain}, before it decides whether its bootstrap package must go in the boot class loader,
 * so this class and everything it touches are JDK types only (see {@link Rules} for what the rules do).
 *
 * <p>Syntax: one rule per line, {@code VERB CLASS.METHOD}, where VERB is {@code acquire}, {@code release}, {@code
 * use}, {@code owns} or {@code owner} and CLASS is a binary class name; {@code #} starts a comment; blank lines are ignored. Only
 * {@code acquire} may name constructors ({@code <init>}). A line repeated is one rule.
 */
public final class RulesFile {
    private static final String NEW = "<init>";
    private static final List<String> VERBS = List.of("acquire", "release", "use", "owns", "owner");

    /**
     * One line of the file.
     *
     * @param verb {@code acquire}, {@code release}, {@code use}, {@code owns} or {@code owner}
     * @param className the class's binary name
     * @param method the method's name, or {@code <init>} for constructors
     */
    record Rule(String verb, String className, String method) {
        boolean isConstructor() {
            return method.equals(NEW);
        }
    }

    private final String name;
    private final List<Rule> rules;

    private RulesFile(String name, List<Rule> rules) {
        this.name = name;
        this.rules = List.copyOf(rules);
    }

    /**
     * Reads and checks a rules file.
     *
     * @param file the file
     * @return its rules (none for a file of comments and blank lines)
     * @throws IllegalArgumentException if the file cannot be read ("custody: rules=FILE cannot be read: …"), or naming
     *     the file, the line number and the rule a line breaks
     */
    public static RulesFile read(Path file) {
        byte[] bytes;
        // FileInputStream rather than Files.readAllLines: this runs in premain, and the NIO channel and reader classes
        // that the latter loads cost a few milliseconds of every start-up with a rules file.
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalArgumentException("custody: rules=" + file + " cannot be read: " + e
                    + "; give the path of a readable rules file (docs/agent.md, \"Rules files\")");
        }
        return parse(file.toString(), lines(new String(bytes, StandardCharsets.UTF_8)));
    }

    /** Splits text into lines at {@code \n}, dropping a {@code \r} before it. */
    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            lines.add(text.substring(start, end > start && text.charAt(end - 1) == '\r' ? end - 1 : end));
            start = end + 1;
        }
        return lines;
    }

    /**
     * Checks the lines of a rules file.
     *
     * @param name the file's name, for messages
     * @param lines its lines
     * @return its rules
     * @throws IllegalArgumentException naming the file, the line number and the rule the line breaks
     */
    static RulesFile parse(String name, List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String text = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (text.isEmpty()) {
                continue;
            }
            List<String> parts = words(text);
            String where = "custody: rules " + name + " line " + (i + 1) + ": ";
            if (parts.size() != 2) {
                throw new IllegalArgumentException(where + "'" + text + "' is not 'VERB CLASS.METHOD'");
            }
            String verb = parts.get(0);
            String target = parts.get(1);
            if (!VERBS.contains(verb)) {
                throw new IllegalArgumentException(
                        where + "verb '" + verb + "' is not acquire, release, use, owns or owner");
            }
            int dot = target.lastIndexOf('.');
            if (dot <= 0 || dot == target.length() - 1) {
                throw new IllegalArgumentException(
                        where + "'" + target + "' is not CLASS.METHOD (e.g. java.io.FileInputStream.close)");
            }
            String method = target.substring(dot + 1);
            if (method.equals(NEW) && !verb.equals("acquire")) {
                throw new IllegalArgumentException(where + "only acquire may name constructors (<init>)");
            }
            // A repeated line is the same rule, not a second advice on the same method. Compared as text: a record's
            // equals is bootstrapped through invokedynamic, about 30 ms of premain the first time.
            if (seen.add(verb + ' ' + target)) {
                rules.add(new Rule(verb, target.substring(0, dot), method));
            }
        }
        return new RulesFile(name, rules);
    }

    /** The words of {@code text}, split at spaces and tabs (no regex: this runs in premain). */
    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                words.add(text.substring(start, i));
            }
        }
        return words;
    }

    /** The file's name, as given to {@link #read} (for messages). */
    public String name() {
        return name;
    }

    /** The rules, in the file's order. */
    List<Rule> rules() {
        return rules;
    }

    /** The binary names of the classes the rules name, each once, in the file's order. */
    public List<String> classNames() {
        List<String> names = new ArrayList<>();
        for (Rule r : rules) {
            if (!names.contains(r.className())) {
                names.add(r.className());
            }
        }
        return names;
    }

    /**
     * The rules as one canonical text (one {@code VERB CLASS.METHOD} line each, without comments or spacing), for the
     * transformation cache's key: files that differ only in comments or layout share their cached transformations.
     */
    public String canonicalText() {
        StringBuilder text = new StringBuilder();
        for (Rule r : rules) {
            text.append(r.verb())
                    .append(' ')
                    .append(r.className())
                    .append('.')
                    .append(r.method())
                    .append('\n');
        }
        return text.toString();
    }

    /** True when a {@code use} rule names a method: the ledger then remembers released resources and their sites. */
    public boolean tracksUse() {
        for (Rule r : rules) {
            if (r.verb().equals("use")) {
                return true;
            }
        }
        return false;
    }

    /** True when the file holds no rule. */
    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * Whether a rule names a class of the JDK, or any class the boot or platform class loader defines: advice inlined
     * into such a class can only call the agent's bootstrap package if the boot class loader defines that package. Looks
     * the class files up as resources, so no class is loaded.
     *
     * @return true if at least one rule names such a class
     */
    public boolean namesBootClasses() {
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        for (Rule r : rules) {
            if (platform.getResource(r.className().replace('.', '/') + ".class") != null) {
                return true;
            }
        }
        return false;
    }
}
