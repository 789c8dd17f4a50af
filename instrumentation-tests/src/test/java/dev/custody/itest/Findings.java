package dev.custody.itest;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the JSONL report's finding lines without a JSON library: kinds and site strings. */
final class Findings {
    private static final Pattern KIND = Pattern.compile("\"kind\":\"([^\"]+)\"");

    private Findings() {}

    static List<String> findings(List<String> jsonl) {
        return jsonl.stream().filter(l -> l.startsWith("{\"type\":\"finding\"")).toList();
    }

    static String summary(List<String> jsonl) {
        return jsonl.stream()
                .filter(l -> l.startsWith("{\"type\":\"summary\""))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no summary line in " + jsonl));
    }

    static List<String> kinds(List<String> jsonl) {
        return findings(jsonl).stream().map(Findings::kind).toList();
    }

    static String kind(String findingLine) {
        Matcher m = KIND.matcher(findingLine);
        if (!m.find()) {
            throw new AssertionError("no kind in " + findingLine);
        }
        return m.group(1);
    }

    /** Returns the value of {@code "label":"…","site":"…"} for the first site with that label, or null. */
    static String site(String findingLine, String label) {
        Matcher m = Pattern.compile("\"label\":\"" + Pattern.quote(label) + "\",\"site\":\"([^\"]*)\"")
                .matcher(findingLine);
        return m.find() ? m.group(1) : null;
    }
}
