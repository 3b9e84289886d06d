package dev.ghostline.systemtests.browser;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link BrowserStack} for the test classes that leave it as they found it (no pod killed, no address
 * blocked), so the run starts it once. JUnit closes it, and with it every process it started, when the whole
 * run ends. Classes that break things start their own.
 */
final class SharedBrowserStack implements BeforeAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedBrowserStack.class);
    private static BrowserStack stack;

    @Override
    public void beforeAll(ExtensionContext context) {
        stack = context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(BrowserStack.class, key -> BrowserStack.start("BrowserSharedStack"), BrowserStack.class);
    }

    /** The stack, once {@link #beforeAll} ran for the calling class. */
    static BrowserStack stack() {
        if (stack == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(SharedBrowserStack.class)");
        }
        return stack;
    }
}
