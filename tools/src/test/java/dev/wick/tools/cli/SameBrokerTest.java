package dev.wick.tools.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --updates-to} must name the broker of {@code --candles-to}: however its host is spelt, not only as the same
 * text (a member given {@code localhost} and {@code 127.0.0.1} for one broker was refused).
 */
class SameBrokerTest
{
    @Test
    void aHostSpeltTwoWaysOnOnePortIsOneBroker()
    {
        assertTrue(RunCommand.sameBroker("localhost:9092", "127.0.0.1:9092"));
        assertTrue(RunCommand.sameBroker("127.0.0.1:9092", "127.0.0.1:9092"));
        assertTrue(RunCommand.sameBroker("[::1]:9092", "[0:0:0:0:0:0:0:1]:9092"));
    }

    @Test
    void anotherPortOrAHostThatDoesNotResolveIsAnotherBroker()
    {
        assertFalse(RunCommand.sameBroker("localhost:9092", "127.0.0.1:9093"));
        assertFalse(RunCommand.sameBroker("no-such-host.invalid:9092", "127.0.0.1:9092"));
        assertFalse(RunCommand.sameBroker("127.0.0.2:9092", "127.0.0.1:9092"));
    }
}
