package dev.wick.tools.kafka;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real broker for every Kafka test class of the test JVM: started by the first class that
 * registers this extension, stopped when the test run ends (JUnit closes the root store's
 * {@link AutoCloseable} values).
 * Each test uses topics and groups of its own, so the classes do not see each other's data.
 */
final class SharedBroker implements BeforeAllCallback
{
    private Broker broker;

    @Override
    public void beforeAll(final ExtensionContext context)
    {
        broker = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
            .getOrComputeIfAbsent(SharedBroker.class.getName(), key -> new Running(), Running.class).broker;
    }

    /** @return {@code HOST:PORT} of the running broker. */
    String bootstrap()
    {
        return broker.bootstrap();
    }

    /** The broker as a resource of the root store. */
    private static final class Running implements AutoCloseable
    {
        private final Broker broker;

        Running()
        {
            try
            {
                broker = Broker.start(0, null);
            }
            catch (final java.io.IOException ex)
            {
                throw new java.io.UncheckedIOException(ex);
            }
        }

        @Override
        public void close()
        {
            broker.close();
        }
    }
}
