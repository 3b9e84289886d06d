package dev.ghostline.systemtests.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The pages one test opened: checked together for what a page must never do, and, as a JUnit extension
 * ({@code @RegisterExtension}), closed after each test, which then fails if any service or nginx wrote a file.
 * The stack comes through a supplier because test classes set theirs in {@code @BeforeAll}.
 */
final class People implements AfterEachCallback {
    private final Supplier<BrowserStack> stack;
    private final List<Person> people = new ArrayList<>();

    People(Supplier<BrowserStack> stack) {
        this.stack = stack;
    }

    /** Two strangers in one call. */
    record Pair(Person a, Person b) {
    }

    /** A person at the page through the stack's one address. */
    Person open(String name) {
        return add(stack.get().open(name));
    }

    /** A person opened some other way (another address, no camera permission). */
    Person add(Person person) {
        people.add(person);
        return person;
    }

    /** A waits first, so B's Start makes the match; returns once both pages show the call connected. */
    Pair connectedPair(String lobby, boolean hideIp) {
        Person a = open("A");
        Person b = open("B");
        a.start(lobby, "", hideIp).awaitState("waiting");
        b.start(lobby, "", hideIp);
        a.awaitState("connected");
        b.awaitState("connected");
        return new Pair(a, b);
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

    /** Closes every page, then looks for files: what the services did for these pages, ended sessions too. */
    @Override
    public void afterEach(ExtensionContext context) {
        people.forEach(Person::close);
        people.clear();
        assertThat(stack.get().filesWritten()).as("files written by services or nginx").isEmpty();
    }
}
