package dev.ghostline.systemtests.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/** The pages one test opened: closed together, and checked together for what a page must never do. */
final class People implements AutoCloseable {
    private final List<Person> people = new ArrayList<>();

    Person add(Person person) {
        people.add(person);
        return person;
    }

    /** No console errors, no uncaught script errors, nothing sent to any other origin. */
    void assertWellBehaved() {
        for (Person person : people) {
            assertThat(person.consoleErrors()).as(person + ": console errors").isEmpty();
            assertThat(person.foreignRequests()).as(person + ": requests to other origins").isEmpty();
            assertThat(person.webSockets()).as(person + ": WebSockets").isNotEmpty();
        }
    }

    /**
     * As {@link #assertWellBehaved()}, except for the console lines Chromium itself logs for each WebSocket
     * that cannot connect (while the ingress is down the page keeps retrying).
     */
    void assertWellBehavedBesidesRefusedSockets() {
        for (Person person : people) {
            assertThat(person.consoleErrors()).as(person + ": console errors")
                    .allMatch(line -> line.startsWith("WebSocket connection to '") && line.contains("/ws' failed"));
            assertThat(person.foreignRequests()).as(person + ": requests to other origins").isEmpty();
        }
    }

    @Override
    public void close() {
        people.forEach(Person::close);
        people.clear();
    }
}
