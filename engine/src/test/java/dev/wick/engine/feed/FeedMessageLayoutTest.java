package dev.wick.engine.feed;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The feed message offsets are derived from each other in {@link FeedMessage}; senders built on the
 * published layout (docs/feeds.md, "UDP feed layout") must keep working, so the derived values must stay
 * the documented ones. A field inserted or resized by mistake fails here.
 */
class FeedMessageLayoutTest
{
    @Test
    void theVersion1HeaderTradeAndHeartbeatKeepTheirDocumentedOffsets()
    {
        assertEquals(1, FeedMessage.VERSION);
        assertEquals(2, FeedMessage.VERSION_OFFSET);
        assertEquals(3, FeedMessage.MESSAGE_TYPE_OFFSET);
        assertEquals(4, FeedMessage.MESSAGE_LENGTH_OFFSET);
        assertEquals(8, FeedMessage.FEED_SEQUENCE_OFFSET);
        assertEquals(16, FeedMessage.HEADER_LENGTH);
        assertEquals(16, FeedMessage.EVENT_TIME_OFFSET);
        assertEquals(24, FeedMessage.PRICE_MANTISSA_OFFSET);
        assertEquals(32, FeedMessage.QTY_MANTISSA_OFFSET);
        assertEquals(40, FeedMessage.TRADE_ID_OFFSET);
        assertEquals(48, FeedMessage.PRICE_EXPONENT_OFFSET);
        assertEquals(49, FeedMessage.QTY_EXPONENT_OFFSET);
        assertEquals(50, FeedMessage.SIDE_OFFSET);
        assertEquals(51, FeedMessage.SYMBOL_LENGTH_OFFSET);
        assertEquals(52, FeedMessage.SYMBOL_OFFSET);
        assertEquals(83, FeedMessage.MAX_TRADE_LENGTH);
        assertEquals(16, FeedMessage.FEED_TIME_OFFSET);
        assertEquals(24, FeedMessage.HEARTBEAT_LENGTH);
        assertEquals(16, FeedMessage.END_LENGTH);
    }
}
