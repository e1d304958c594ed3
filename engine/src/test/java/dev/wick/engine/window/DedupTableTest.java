package dev.wick.engine.window;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dedup table's capacity rules: a full table rejects without re-sweeping on every insert (a
 * regression: each insert into a table full of live ids swept the whole table, quadratic work),
 * and sweeps again once the watermark passes the earliest expiry.
 */
class DedupTableTest
{
    @Test
    void fullTableRejectsWithoutSweepingAgainUntilSomethingCanHaveExpired()
    {
        final DedupTable table = new DedupTable(16);
        for (int id = 0; id < 16; id++)
        {
            assertEquals(DedupTable.REMEMBERED, table.checkAndRemember(0, id, 1_000 + id, 0));
        }
        for (int id = 16; id < 100_016; id++)
        {
            assertEquals(DedupTable.FULL, table.checkAndRemember(0, id, 5_000, 500));
        }
        assertTrue(table.sweeps() <= 1, "sweeps while nothing could expire: " + table.sweeps());

        assertEquals(DedupTable.REMEMBERED, table.checkAndRemember(0, 200_000, 5_000, 1_000),
            "once the watermark reaches the earliest expiry, room is found again");
        assertTrue(table.sweeps() <= 2, "sweeps: " + table.sweeps());
        assertEquals(DedupTable.DUPLICATE, table.checkAndRemember(0, 15, 9_000, 1_000), "live ids are kept");
    }

    @Test
    void anIdIsADuplicateOnlyWhileItsExpiryIsAfterTheWatermark()
    {
        final DedupTable table = new DedupTable(4);
        assertEquals(DedupTable.REMEMBERED, table.checkAndRemember(3, 42, 100, Long.MIN_VALUE));
        assertEquals(DedupTable.DUPLICATE, table.checkAndRemember(3, 42, 100, Long.MIN_VALUE));
        assertEquals(DedupTable.DUPLICATE, table.checkAndRemember(3, 42, 100, 99));
        assertEquals(DedupTable.REMEMBERED, table.checkAndRemember(4, 42, 100, 99), "other symbol, same id");
        assertEquals(DedupTable.REMEMBERED, table.checkAndRemember(3, 42, 300, 100), "expired: accepted again");
        assertEquals(DedupTable.DUPLICATE, table.checkAndRemember(3, 42, 300, 200));
    }
}
