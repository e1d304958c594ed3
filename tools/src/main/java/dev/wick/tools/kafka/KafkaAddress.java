package dev.wick.tools.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code kafka://HOST:PORT[,HOST:PORT...]/TOPIC[?key=value&...]} address: the bootstrap servers,
 * one topic, and options ({@code group} for a consumer group). Immutable.
 */
public final class KafkaAddress
{
    /** The scheme every Kafka address starts with. */
    public static final String PREFIX = "kafka://";

    private final String bootstrap;
    private final String topic;
    private final Map<String, String> options;
    private final String text;

    private KafkaAddress(final String text, final String bootstrap, final String topic,
        final Map<String, String> options)
    {
        this.text = text;
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.options = options;
    }

    /** @return true if {@code text} is meant as a Kafka address (it may still be malformed). */
    public static boolean isKafka(final String text)
    {
        return text != null && text.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /**
     * @param allowed the option names this use accepts (others are refused by name).
     * @throws IllegalArgumentException naming what is wrong and the form expected.
     */
    public static KafkaAddress parse(final String text, final String... allowed)
    {
        if (!isKafka(text))
        {
            throw new IllegalArgumentException("'" + text + "' is not " + PREFIX + "HOST:PORT/TOPIC");
        }
        final String rest = text.substring(PREFIX.length());
        final int slash = rest.indexOf('/');
        if (slash <= 0)
        {
            throw new IllegalArgumentException("'" + text + "' has no topic; use " + PREFIX + "HOST:PORT/TOPIC");
        }
        final String hosts = rest.substring(0, slash);
        for (final String hostPort : hosts.split(",", -1))
        {
            final int colon = hostPort.lastIndexOf(':');
            if (colon <= 0 || colon == hostPort.length() - 1 || !digits(hostPort.substring(colon + 1)))
            {
                throw new IllegalArgumentException("'" + hostPort + "' in '" + text + "' is not HOST:PORT");
            }
            final int port = Integer.parseInt(hostPort.substring(colon + 1));
            if (port < 1 || port > 65_535)
            {
                throw new IllegalArgumentException("port " + port + " in '" + text + "' is not 1..65535");
            }
        }
        final int question = rest.indexOf('?', slash);
        final String topic = question < 0 ? rest.substring(slash + 1) : rest.substring(slash + 1, question);
        if (topic.isEmpty())
        {
            throw new IllegalArgumentException("'" + text + "' has no topic; use " + PREFIX + "HOST:PORT/TOPIC");
        }
        if (topic.length() > 249 || !topic.matches("[A-Za-z0-9._-]+") ||
            ".".equals(topic) || "..".equals(topic))
        {
            throw new IllegalArgumentException("topic '" + topic + "' in '" + text + "' is not a Kafka topic name " +
                "(1..249 of letters, digits, '.', '_', '-')");
        }
        final Map<String, String> options = new LinkedHashMap<>();
        if (question >= 0)
        {
            for (final String pair : rest.substring(question + 1).split("&", -1))
            {
                final int eq = pair.indexOf('=');
                final String key = eq < 0 ? pair : pair.substring(0, eq);
                if (!java.util.Arrays.asList(allowed).contains(key))
                {
                    throw new IllegalArgumentException("'" + key + "' in '" + text + "' is not an option here" +
                        (allowed.length == 0 ? "; this address takes none" :
                            "; accepted: " + String.join(", ", allowed)));
                }
                if (eq < 0 || eq == pair.length() - 1)
                {
                    throw new IllegalArgumentException("'" + key + "' in '" + text + "' needs a value: " + key +
                        "=...");
                }
                options.put(key, pair.substring(eq + 1));
            }
        }
        return new KafkaAddress(text, hosts, topic, options);
    }

    private static boolean digits(final String s)
    {
        return !s.isEmpty() && s.length() <= 5 && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** @return the bootstrap servers, {@code HOST:PORT[,HOST:PORT...]}. */
    public String bootstrap()
    {
        return bootstrap;
    }

    /**
     * @return whether {@code other} names the same bootstrap servers, however each host is spelt: the same ports on
     *     hosts that resolve to the same addresses ({@code localhost:9092} and {@code 127.0.0.1:9092}). A host that
     *     does not resolve is compared as written.
     */
    public boolean sameServersAs(final KafkaAddress other)
    {
        return bootstrap.equals(other.bootstrap) || endpoints(bootstrap).equals(endpoints(other.bootstrap));
    }

    private static java.util.Set<String> endpoints(final String servers)
    {
        final java.util.Set<String> resolved = new java.util.HashSet<>();
        for (final String hostPort : servers.split(","))
        {
            final int colon = hostPort.lastIndexOf(':');
            final String host = hostPort.substring(0, Math.max(0, colon));
            final String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) :
                host;
            try
            {
                resolved.add(java.net.InetAddress.getByName(bare).getHostAddress() + hostPort.substring(colon));
            }
            catch (final java.net.UnknownHostException ex)
            {
                resolved.add(hostPort);
            }
        }
        return resolved;
    }

    /** @return the topic. */
    public String topic()
    {
        return topic;
    }

    /** @return an option's value, or null. */
    public String option(final String name)
    {
        return options.get(name);
    }

    @Override
    public String toString()
    {
        return text;
    }
}
