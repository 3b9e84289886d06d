package dev.ghostline.matchmaker.leader;

/**
 * This instance's place in the election, whatever runs it: standby until elected, leader until deposed,
 * stopped for good at shutdown. Elections report what they observe, possibly more than once and from several
 * threads; this turns that into strictly alternating start/stop calls on the listener, and nothing after stop.
 */
public final class Leadership {
    public enum Role { STANDBY, LEADER, STOPPED }

    private final LeadershipListener listener;
    private volatile Role role = Role.STANDBY;
    private long terms;

    public Leadership(LeadershipListener listener) {
        this.listener = listener;
    }

    /** This instance holds the lease (or leads by configuration). */
    public synchronized void elected() {
        if (role != Role.STANDBY) {
            return;
        }
        role = Role.LEADER;
        terms++;
        listener.startLeading();
    }

    /** This instance lost the lease, gave it up, or could not renew it in time. */
    public synchronized void deposed() {
        if (role != Role.LEADER) {
            return;
        }
        role = Role.STANDBY;
        listener.stopLeading();
    }

    /** Shutdown: stop leading if leading, and never lead again. */
    public synchronized void stop() {
        deposed();
        role = Role.STOPPED;
    }

    public Role role() {
        return role;
    }

    public boolean isLeader() {
        return role == Role.LEADER;
    }

    /** How many times this instance became leader. */
    public synchronized long terms() {
        return terms;
    }
}
