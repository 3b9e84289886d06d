package dev.ghostline.signaling.session;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The sessions and connections this pod holds, in memory only. */
@ApplicationScoped
public class SessionRegistry {
    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final Set<ClientConnection> connections = ConcurrentHashMap.newKeySet();

    /** Adds the session, or returns the one already held under its id. */
    public Session addIfAbsent(Session session) {
        Session existing = sessions.putIfAbsent(session.id(), session);
        return existing == null ? session : existing;
    }

    public Optional<Session> find(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    public boolean remove(Session session) {
        return sessions.remove(session.id(), session);
    }

    public Collection<Session> sessions() {
        return sessions.values();
    }

    public void opened(ClientConnection connection) {
        connections.add(connection);
    }

    public void closed(ClientConnection connection) {
        connections.remove(connection);
    }

    public Collection<ClientConnection> connections() {
        return connections;
    }
}
