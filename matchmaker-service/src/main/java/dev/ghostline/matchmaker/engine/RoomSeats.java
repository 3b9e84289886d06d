package dev.ghostline.matchmaker.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Private rooms: at most two seats each. A seat is either waiting for the second person or held by a matched
 * session that keeps refreshing it; a held seat is what makes a third joiner hear "room full".
 */
final class RoomSeats {
    static final int SEATS_PER_ROOM = 2;

    private final Map<String, List<Waiter>> rooms = new HashMap<>();
    private int waiting;
    private int held;

    int waitingCount() {
        return waiting;
    }

    int heldCount() {
        return held;
    }

    boolean isFull(String room) {
        List<Waiter> seats = rooms.get(room);
        return seats != null && seats.size() >= SEATS_PER_ROOM;
    }

    /** The seat in {@code room} whose occupant still waits for a partner, or null. */
    Waiter waitingSeatIn(String room) {
        List<Waiter> seats = rooms.get(room);
        if (seats == null) {
            return null;
        }
        for (Waiter seat : seats) {
            if (!seat.seatHeld) {
                return seat;
            }
        }
        return null;
    }

    void add(Waiter seat) {
        List<Waiter> seats = rooms.computeIfAbsent(seat.entry.room(), room -> new ArrayList<>(SEATS_PER_ROOM));
        if (seats.size() >= SEATS_PER_ROOM) {
            throw new IllegalStateException("room already full");
        }
        seats.add(seat);
        if (seat.seatHeld) {
            held++;
        } else {
            waiting++;
        }
    }

    void remove(Waiter seat) {
        List<Waiter> seats = rooms.get(seat.entry.room());
        if (seats == null || !seats.remove(seat)) {
            return;
        }
        if (seat.seatHeld) {
            held--;
        } else {
            waiting--;
        }
        if (seats.isEmpty()) {
            rooms.remove(seat.entry.room());
        }
    }

    /** The occupant of a waiting seat is matched now; the seat stays theirs while they refresh it. */
    void hold(Waiter seat) {
        if (!seat.seatHeld) {
            seat.seatHeld = true;
            waiting--;
            held++;
        }
    }
}
