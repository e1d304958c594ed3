package dev.wick.tools.udp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On a live feed the candle CSV keeps up with the feed: a candle closed by the trades sent so far is
 * in the file, as a whole row, while the feed is still connected (the file is flushed at ring batch
 * ends, not only when its buffer fills or the run ends).
 */
class LiveCsvFlushIT
{
    @TempDir
    Path dir;

    @Test
    void aClosedCandleIsInTheCsvFileWhileTheTcpFeedIsStillConnected() throws Exception
    {
        final Path csv = dir.resolve("candles.csv");
        try (Receiver receiver = Receiver.start(dir.resolve("run.log"), "run", "--in", "tcp://127.0.0.1:0", "--format",
            "csv", "--timeframes", "1m", "--csv", csv.toString());
             Socket feed = new Socket("127.0.0.1", URI.create(receiver.address).getPort()))
        {
            final OutputStream out = feed.getOutputStream();
            out.write(("ts,symbol,price,qty\n1700000000000,A,10,1\n1700000001000,A,11,2\n" +
                "1700000100000,A,12,1\n").getBytes(StandardCharsets.US_ASCII)); // the third closes the first minute
            out.flush();
            Receiver.await(() -> Receiver.read(csv)
                    .contains("\nA,1m,2023-11-14T22:13:00Z,2023-11-14T22:14:00Z,10,11,10,11,3,"),
                "the first minute's row in the file while the feed is connected");
            assertTrue(Receiver.read(csv).endsWith("\n"), "whole rows only: " + Receiver.read(csv));
            assertTrue(receiver.process.isAlive());
        }
    }
}
