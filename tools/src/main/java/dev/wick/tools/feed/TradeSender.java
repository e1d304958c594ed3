package dev.wick.tools.feed;

import dev.wick.engine.trade.TradeEvent;

import java.io.IOException;

/**
 * Where {@code wick feed} sends the trades of a file: the binary UDP feed ({@link UdpTradeSender}) or
 * the file's own text lines over TCP ({@link TcpLineSender}). Called on the sending thread, in input
 * order.
 */
public interface TradeSender extends AutoCloseable
{
    /**
     * Every decoded record of the input, in order: a trade is sent (or batched), and a cancel (contract §10) if
     * the transport {@link #carriesCancels() carries them}; a reject or a filtered record is not.
     */
    void record(TradeEvent record) throws IOException;

    /**
     * @return why this transport cannot carry {@code trade}, a valid trade of the input (wick's binary layout
     *     takes printable ASCII symbols only), or null when it can; the feed then reports it as a reject, not sent.
     */
    default dev.wick.engine.trade.RejectReason refuses(final TradeEvent trade)
    {
        return null;
    }

    /** @return true if this transport sends cancels on (a line feed, Kafka); wick's binary layout has none. */
    default boolean carriesCancels()
    {
        return false;
    }

    /**
     * Asks a sender that may wait (a reconnecting TCP sender waiting for its receiver) to give up waiting; any
     * thread. The others never wait for a receiver and ignore it.
     */
    default void requestStop()
    {
    }

    /**
     * @return true once a stop came while this sender waited for a receiver (a reconnecting TCP sender): the record
     *     it was given last, and every one after, was not sent. False for the others.
     */
    default boolean gaveUp()
    {
        return false;
    }

    /**
     * @return the wall time this sender has spent waiting for a receiver to accept a connection, ns, in all (a
     *     reconnecting TCP sender); the feed's pacing is paused for as long. 0 for the others.
     */
    default long waitedNs()
    {
        return 0;
    }

    /** Sends what is batched now (before a pause). */
    void flush() throws IOException;

    /** @return true if this transport carries heartbeats. */
    boolean heartbeats();

    /** Sends a heartbeat at the feed time {@code feedTimeNs} (only if {@link #heartbeats()}). */
    void heartbeat(long feedTimeNs) throws IOException;

    /** Sends what is batched and ends the feed (UDP: END messages; TCP: closes the connection). */
    void finish() throws IOException;

    /** @return datagrams sent (UDP; END included), else 0. */
    default long datagrams()
    {
        return 0;
    }

    /** @return one line for the summary about sends that did not arrive anywhere, or null. */
    default String trouble()
    {
        return null;
    }

    @Override
    void close();
}
