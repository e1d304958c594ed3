package dev.wick.tools.kafka;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaAddressTest
{
    @Test
    void anAddressGivesItsServersTopicAndGroup()
    {
        final KafkaAddress a = KafkaAddress.parse("kafka://127.0.0.1:9092,broker2:9093/trades.btc?group=g-1", "group");
        assertEquals("127.0.0.1:9092,broker2:9093", a.bootstrap());
        assertEquals("trades.btc", a.topic());
        assertEquals("g-1", a.option("group"));
        assertEquals("kafka://127.0.0.1:9092,broker2:9093/trades.btc?group=g-1", a.toString());
    }

    /**
     * {@code --updates-to} must name the broker of {@code --candles-to}: however its hosts are spelt, not only as the
     * same text (a member given {@code localhost} and {@code 127.0.0.1} for one broker was refused).
     */
    @Test
    void serversSpeltTwoWaysAreTheSameServers()
    {
        assertTrue(sameServers("localhost:9092", "127.0.0.1:9092"));
        assertTrue(sameServers("[::1]:9092", "[0:0:0:0:0:0:0:1]:9092"));
        assertTrue(sameServers("localhost:1,127.0.0.2:2", "127.0.0.2:2,127.0.0.1:1"));
        assertFalse(sameServers("localhost:9092", "127.0.0.1:9093"));
        assertFalse(sameServers("127.0.0.2:9092", "127.0.0.1:9092"));
        assertFalse(sameServers("no-such-host.invalid:9092", "127.0.0.1:9092"));
    }

    private static boolean sameServers(final String a, final String b)
    {
        return KafkaAddress.parse("kafka://" + a + "/t").sameServersAs(KafkaAddress.parse("kafka://" + b + "/u"));
    }

    @Test
    void anAddressWithoutOptionsHasNoGroup()
    {
        assertNull(KafkaAddress.parse("kafka://h:1/t").option("group"));
        assertTrue(KafkaAddress.isKafka("KAFKA://h:1/t"));
        assertFalse(KafkaAddress.isKafka("tcp://h:1"));
    }

    @Test
    void eachMalformedPartIsNamedInTheMessage()
    {
        assertMessage("has no topic", "kafka://h:9092");
        assertMessage("has no topic", "kafka://h:9092/");
        assertMessage("is not HOST:PORT", "kafka://h/t");
        assertMessage("is not 1..65535", "kafka://h:70000/t");
        assertMessage("is not a Kafka topic name", "kafka://h:1/bad topic");
        assertMessage("is not an option here; accepted: group", "kafka://h:1/t?grop=x", "group");
        assertMessage("this address takes none", "kafka://h:1/t?group=x");
        assertMessage("needs a value", "kafka://h:1/t?group=", "group");
        assertMessage("is not kafka://", "udp://h:1");
    }

    private static void assertMessage(final String part, final String text, final String... allowed)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> KafkaAddress.parse(text, allowed));
        assertTrue(ex.getMessage().contains(part), ex.getMessage());
    }
}
