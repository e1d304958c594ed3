package dev.wick.engine.trade;

/**
 * Why an input record was not aggregated. Every reject is counted per reason and reported with
 * its input position; none is silently dropped (contract §1).
 *
 * <p>An enum is used because its constants are allocated once at class load; storing one in a ring
 * slot allocates nothing.
 */
public enum RejectReason
{
    /** The time field is not an integer epoch or an ISO-8601 instant. */
    BAD_TIME("bad-time", "time is not an epoch number or ISO-8601 instant"),
    /** The time is before 1970 or beyond what the engine can hold (see {@code EpochTime.MAX_NS}). */
    TIME_OUT_OF_RANGE("time-out-of-range", "time is outside 1970-01-01 .. 2116-02-20"),
    /** The price is not a plain decimal number, or too large for a {@code long} at the scale. */
    BAD_PRICE("bad-price", "price is not a plain decimal number, or is too large for --scale"),
    /** The price has more non-zero fractional digits than {@code --scale}. */
    PRICE_TOO_PRECISE("price-too-precise", "price has more decimals than --scale"),
    /** The price is zero or negative. */
    PRICE_NOT_POSITIVE("price-not-positive", "price must be > 0"),
    /** The quantity is not a plain decimal number, or too large for a {@code long} at the scale. */
    BAD_QTY("bad-qty", "quantity is not a plain decimal number, or is too large for --scale"),
    /** The quantity has more non-zero fractional digits than {@code --scale}. */
    QTY_TOO_PRECISE("qty-too-precise", "quantity has more decimals than --scale"),
    /** The quantity is negative. */
    QTY_NEGATIVE("qty-negative", "quantity must be >= 0"),
    /** The symbol is empty. */
    SYMBOL_EMPTY("symbol-empty", "symbol is empty"),
    /** The symbol is longer than 31 bytes. */
    SYMBOL_TOO_LONG("symbol-too-long", "symbol is longer than 31 bytes"),
    /** The trade id is not an integer. */
    BAD_ID("bad-id", "trade id is not an integer"),
    /** The side is not buy/sell. */
    BAD_SIDE("bad-side", "side is not buy or sell"),
    /** The record has fewer or more fields than the layout. */
    FIELD_COUNT("field-count", "wrong number of fields"),
    /** The record is not valid JSON or lacks a required key. */
    BAD_JSON("bad-json", "not a valid JSON trade message"),
    /** A JSON message of another event type (not a trade). */
    NOT_A_TRADE("not-a-trade", "message is not a trade event"),
    /** The record exceeds the maximum record length. */
    RECORD_TOO_LONG("record-too-long", "record longer than the line limit"),
    /** A new symbol arrived while the symbol table held {@code --max-symbols} symbols. */
    SYMBOL_TABLE_FULL("symbol-table-full", "more distinct symbols than --max-symbols"),
    /** The dedup table held {@code --dedup-capacity} live ids. */
    DEDUP_TABLE_FULL("dedup-table-full", "more remembered trade ids than --dedup-capacity"),
    /** The trade is further ahead of the watermark than {@code --max-future} (a bogus clock). */
    TIME_TOO_FAR_AHEAD("time-too-far-ahead", "time is further ahead of the watermark than --max-future"),
    /** Adding the trade would overflow the window volume. */
    VOLUME_OVERFLOW("volume-overflow", "window volume would overflow"),
    /** A binary feed message (udp://) whose schema id is not wick's: the rest of its datagram is one reject. */
    BAD_SCHEMA("bad-schema", "binary message schema id is not 0x5755 (not a wick feed message)"),
    /** A binary feed message of a layout version this build does not read. */
    BAD_VERSION("bad-version", "binary message layout version is not 1"),
    /** A binary feed message of an unknown message type. */
    BAD_MESSAGE_TYPE("bad-message-type", "binary message type is not trade, heartbeat or end"),
    /**
     * A binary feed message whose length is shorter than its header, runs past the end of its
     * datagram, or differs from what its type and symbol length need (a truncated body).
     */
    BAD_MESSAGE_LENGTH("bad-message-length", "binary message length is short, past the datagram or wrong for its type"),
    /** A binary feed message whose feed sequence is 0 or beyond 2^63 - 1 (sequences start at 1). */
    BAD_SEQUENCE("bad-sequence", "binary message feed sequence is not 1 .. 2^63-1"),
    /**
     * A binary trade whose symbol has bytes other than printable ASCII; a JSON symbol that is {@code true},
     * {@code false}, {@code null}, an object or an array; a symbol of any format with a control byte in it.
     */
    BAD_SYMBOL("bad-symbol",
        "symbol is not text (a JSON word, object or array; control or non-printable bytes; not UTF-8)"),
    /** contract §10: an action other than trade or cancel. */
    BAD_ACTION("bad-action", "action is not trade or cancel"),
    /** contract §10: a cancel of a (symbol, id) never accepted, or already cancelled, or without an id. */
    UNKNOWN_TRADE_ID("unknown-trade-id", "cancel of a (symbol, id) that was never accepted or is already cancelled"),
    /**
     * contract §10: a cancel whose windows cannot be recomputed exactly because trades of that symbol still
     * revisable were dropped from the kept trades ({@code --max-open-trades} too small for the stream).
     */
    CANCEL_STORE_FULL("cancel-store-full", "trades needed to recompute the window were no longer kept " +
        "(--max-open-trades)"),
    /**
     * A CSV field that opens with a double quote and is not closed by one, or has more than blanks between its
     * closing quote and the comma ({@code "H"J}): where its fields begin and end cannot be told, so no field of
     * the record is read (RFC 4180; a quote inside a quoted field is written twice, {@code "C ""x"" D"}).
     * Last of the reasons: the trade journal stores a reason's ordinal.
     */
    BAD_QUOTE("bad-quote", "a quoted CSV field is not closed, or has text after its closing quote");

    private static final RejectReason[] VALUES = values();

    private final String label;
    private final String description;

    RejectReason(final String label, final String description)
    {
        this.label = label;
        this.description = description;
    }

    /** @return short stable label used in the rejects CSV and the run summary. */
    public String label()
    {
        return label;
    }

    /** @return one human sentence. */
    public String description()
    {
        return description;
    }

    /** @return number of reasons, for sizing counter arrays. */
    public static int count()
    {
        return VALUES.length;
    }

    /** @param ordinal an ordinal of this enum. @return the reason, without allocating a values() copy. */
    public static RejectReason of(final int ordinal)
    {
        return VALUES[ordinal];
    }
}
