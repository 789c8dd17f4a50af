package dev.custody.itest.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4: {@code # HELP}, {@code # TYPE}, and
 * samples {@code name{label="value",…} value [timestamp]}; anything else is an error.
 */
final class PrometheusText {
    private static final Pattern SAMPLE =
            Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)(?: (-?[0-9]+))?");
    private static final Pattern LABEL =
            Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\"\\\\n])*)\"");
    private static final Pattern HELP = Pattern.compile("# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .*");
    private static final Pattern TYPE =
            Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)");

    record Sample(String name, Map<String, String> labels, double value) {}

    private final Map<String, String> types = new HashMap<>();
    private final List<Sample> samples = new ArrayList<>();

    private PrometheusText() {}

    static PrometheusText parse(String body) {
        PrometheusText t = new PrometheusText();
        int n = 0;
        for (String line : body.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            Matcher type = TYPE.matcher(line);
            Matcher sample = SAMPLE.matcher(line);
            if (type.matches()) {
                t.types.put(type.group(1), type.group(2));
            } else if (line.startsWith("#")) {
                if (!HELP.matcher(line).matches()) {
                    throw new IllegalArgumentException("line " + n + " is a comment of no known kind: " + line);
                }
            } else if (sample.matches()) {
                String name = sample.group(1);
                if (!t.types.containsKey(name)) {
                    throw new IllegalArgumentException("line " + n + ": sample " + name + " has no # TYPE before it");
                }
                t.samples.add(new Sample(name, labels(sample.group(2), n), Double.parseDouble(sample.group(3))));
            } else {
                throw new IllegalArgumentException("line " + n + " is not Prometheus text: " + line);
            }
        }
        return t;
    }

    private static Map<String, String> labels(String s, int n) {
        Map<String, String> out = new LinkedHashMap<>();
        if (s == null || s.isEmpty()) {
            return out;
        }
        Matcher m = LABEL.matcher(s);
        int at = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("line " + n + ": bad label list at '" + s.substring(at) + "'");
            }
            out.put(m.group(1), m.group(2));
            at = m.end();
            if (at < s.length()) {
                if (s.charAt(at) != ',') {
                    throw new IllegalArgumentException("line " + n + ": expected ',' in labels at " + at);
                }
                at++;
            }
        }
        return out;
    }

    String type(String name) {
        return types.get(name);
    }

    /** The value of the one sample with exactly these labels. */
    double value(String name, Map<String, String> labels) {
        List<Sample> hits = samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().equals(labels))
                .toList();
        if (hits.size() != 1) {
            throw new IllegalArgumentException(hits.size() + " samples " + name + labels + " in " + samples);
        }
        return hits.get(0).value();
    }
}
