package io.starling.engine.protocol;

import java.util.HashSet;
import java.util.Set;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.starling.engine.protocol.Piggyback.MAX_METADATA_PER_MESSAGE;
import static io.starling.engine.protocol.Piggyback.MAX_UPDATES_PER_MESSAGE;
import static io.starling.engine.protocol.Piggyback.METADATA_MESSAGE_FIXED_LENGTH;
import static io.starling.engine.protocol.Piggyback.UPDATE_LENGTH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bounds of {@link Piggyback#select}: a message takes as many updates as fit its room exactly (a room of k
 * entries takes k, one byte less takes k - 1) and never more than {@link Piggyback#MAX_UPDATES_PER_MESSAGE}; an
 * update with metadata takes its whole message's length, fits when that is exactly the room left, and at most
 * {@link Piggyback#MAX_METADATA_PER_MESSAGE} ride after one message; metadata whose message is longer than half an
 * empty frame never rides (the update goes without it).
 */
class PiggybackSelectTest
{
    private static final int MEMBERS = 300;

    private final MemberDirectory directory = new MemberDirectory(512);
    private final MembershipTable table = new MembershipTable(512);
    private final DisseminationQueue queue = new DisseminationQueue(512, 64);
    private final int[] slots = new int[MEMBERS];

    PiggybackSelectTest()
    {
        for (int i = 0; i < MEMBERS; i++)
        {
            slots[i] = directory.register(1_000 + i, 0x0A00_0000 + i, 5_000 + i);
            table.set(slots[i], 1, MemberState.ALIVE, 1, 0);
        }
    }

    private void queuePlain(final int count)
    {
        for (int i = 0; i < count; i++)
        {
            queue.offer(slots[i], 7);
        }
    }

    private void queueWithMetadata(final int from, final int count, final int metadataBytes)
    {
        final UnsafeBuffer blob = new UnsafeBuffer(new byte[metadataBytes]);
        for (int i = from; i < from + count; i++)
        {
            directory.putMetadata(slots[i], 1, 1, blob, 0, metadataBytes);
            queue.offer(slots[i], 7, true);
        }
    }

    private static Set<Integer> selectedSlots(final Piggyback piggyback, final int n)
    {
        final Set<Integer> selected = new HashSet<>();
        for (int i = 0; i < n; i++)
        {
            assertTrue(selected.add(piggyback.selectedSlot(i)), "an update selected twice");
        }
        return selected;
    }

    @Test
    void aRoomOfKEntriesTakesKAndOneByteLessTakesOneFewer()
    {
        queuePlain(40);
        final Piggyback piggyback = new Piggyback(queue, table, directory);
        for (int k = 0; k <= 20; k++)
        {
            assertEquals(k, piggyback.select(k * UPDATE_LENGTH, -1), "room of exactly " + k + " entries");
            assertEquals(k, piggyback.select((k + 1) * UPDATE_LENGTH - 1, -1), "one byte short of " + (k + 1));
            assertEquals(k, selectedSlots(piggyback, k).size());
        }
        assertEquals(0, piggyback.select(-UPDATE_LENGTH, -1), "no room");
        assertEquals(40, piggyback.select(41 * UPDATE_LENGTH, -1), "every queued update when there is room left");
    }

    @Test
    void noMessageTakesMoreThanTheMostUpdatesPerMessage()
    {
        queuePlain(MEMBERS);
        final Piggyback piggyback = new Piggyback(queue, table, directory);
        final int room = (MAX_UPDATES_PER_MESSAGE + 50) * UPDATE_LENGTH;
        assertEquals(MAX_UPDATES_PER_MESSAGE, piggyback.select(room, -1));
        assertEquals(MAX_UPDATES_PER_MESSAGE, selectedSlots(piggyback, MAX_UPDATES_PER_MESSAGE).size());
        assertEquals(MAX_UPDATES_PER_MESSAGE - 1, piggyback.select((MAX_UPDATES_PER_MESSAGE - 1) * UPDATE_LENGTH, -1));
        assertEquals(MAX_UPDATES_PER_MESSAGE, piggyback.select(MAX_UPDATES_PER_MESSAGE * UPDATE_LENGTH, -1));
    }

    @Test
    void theExcludedMemberTakesItsPlaceInTheRoomButIsNotSelected()
    {
        queuePlain(10);
        final Piggyback piggyback = new Piggyback(queue, table, directory);
        final int excluded = slots[4];
        final int n = piggyback.select(10 * UPDATE_LENGTH, excluded);
        assertEquals(9, n, "the caller writes the excluded member itself, in its place");
        assertFalse(selectedSlots(piggyback, n).contains(excluded));
        assertEquals(10, piggyback.select(10 * UPDATE_LENGTH, -1));
    }

    @Test
    void eachUpdateLeavesAfterItsTransmissionLimit()
    {
        queuePlain(5);
        final Piggyback piggyback = new Piggyback(queue, table, directory);
        for (int round = 0; round < 3; round++)
        {
            final int n = piggyback.select(100 * UPDATE_LENGTH, -1);
            assertEquals(5, n, "round " + round);
            piggyback.markSent(n, 3);
        }
        assertEquals(0, queue.size(), "sent three times with a limit of three");
        assertEquals(0, piggyback.select(100 * UPDATE_LENGTH, -1));
    }

    @Test
    void metadataRidesWhenItsMessageIsExactlyTheRoomLeft()
    {
        final int bytes = 100;
        final int message = METADATA_MESSAGE_FIXED_LENGTH + bytes;
        queueWithMetadata(0, 3, bytes);
        final Piggyback piggyback = new Piggyback(queue, table, directory);

        assertEquals(0, piggyback.select(message, -1));
        assertEquals(1, piggyback.selectedWithMetadata(), "one message fills the room exactly");
        assertEquals(0, piggyback.select(message - 1, -1));
        assertEquals(0, piggyback.selectedWithMetadata(), "one byte short: the bytes wait, and the update with them");
        assertEquals(0, piggyback.select(3 * message - 1, -1));
        assertEquals(2, piggyback.selectedWithMetadata());
        assertEquals(0, piggyback.select(3 * message, -1));
        assertEquals(3, piggyback.selectedWithMetadata());
    }

    @Test
    void atMostEightMetadataMessagesRideAfterOneMessageAndTheRestWait()
    {
        queueWithMetadata(0, MAX_METADATA_PER_MESSAGE + 4, 10);
        final Piggyback piggyback = new Piggyback(queue, table, directory);
        final int n = piggyback.select(100_000, -1);
        assertEquals(MAX_METADATA_PER_MESSAGE, piggyback.selectedWithMetadata());
        assertEquals(0, n, "the others wait for their bytes, they do not go plain");
        piggyback.markSent(n, 1);
        assertEquals(4, queue.size(), "the eight sent once with a limit of one left the queue");
    }

    @Test
    void metadataLongerThanHalfAnEmptyFrameNeverRidesAndTheUpdateGoesWithoutIt()
    {
        final int maxMessageLength = 2 * (METADATA_MESSAGE_FIXED_LENGTH + 60);
        queueWithMetadata(0, 1, 60);
        queueWithMetadata(1, 1, 61);
        final Piggyback piggyback = new Piggyback(queue, table, directory, maxMessageLength);
        final int n = piggyback.select(100_000, -1);
        assertEquals(1, piggyback.selectedWithMetadata(), "60 bytes make exactly half the frame: they ride");
        assertEquals(1, n, "61 bytes do not: that update goes plain");
        assertEquals(slots[1], piggyback.selectedSlot(0));
    }

    @Test
    void theNodesOwnUpdateWithoutMetadataGoesPlain()
    {
        queue.pin(slots[0]);
        queuePlain(3);
        final Piggyback piggyback = new Piggyback(queue, table, directory);
        assertEquals(3, piggyback.select(3 * UPDATE_LENGTH, -1));
        assertEquals(0, piggyback.selectedWithMetadata(), "no bytes to send");
        assertTrue(selectedSlots(piggyback, 3).contains(slots[0]));
    }
}
