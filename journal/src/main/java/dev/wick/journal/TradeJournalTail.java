package dev.wick.journal;

import dev.wick.engine.trade.TradeEvent;

/**
 * What a restart finds at the end of a trade journal: where numbering continues and where the
 * source resumes. Immutable.
 *
 * @param exists            true if the journal directory held a trade journal.
 * @param lastSequence      journal sequence of the last valid record, 0 if none.
 * @param lastDocumentIndex queue index of the last valid batch document, or {@link TradeEvent#JOURNAL_START}.
 * @param recordNumber      source record number of the last record (0 if none).
 * @param nextOffset        source offset just past the last record: where a re-readable source resumes.
 * @param sourceSequence    highest source sequence journaled (UDP feed), or {@link TradeEvent#UNKNOWN_SEQUENCE}.
 * @param wallNs            wall clock when the last batch was journaled, epoch ns (0 if none).
 * @param records           valid records.
 * @param inputBytes        bytes of its input the reader had read by the last record (0: not known).
 * @param inputCrc          CRC-32C of those bytes.
 * @param repair            what was cut from a damaged journal, or null.
 * @param ended             true if the last record is the end of the whole input ({@link TradeJournal#onEvent}
 *                          journals it before the aggregator closes the windows at it): a restart finishes the
 *                          run from the journal and reads no more of its source.
 */
public record TradeJournalTail(boolean exists, long lastSequence, long lastDocumentIndex, long recordNumber,
    long nextOffset, long sourceSequence, long wallNs, long records, long inputBytes, long inputCrc, String repair,
    boolean ended)
{
    /** An absent or empty journal. */
    public static final TradeJournalTail NONE = new TradeJournalTail(false, 0, TradeEvent.JOURNAL_START, 0, 0,
        TradeEvent.UNKNOWN_SEQUENCE, 0, 0, 0, 0, null, false);
}
