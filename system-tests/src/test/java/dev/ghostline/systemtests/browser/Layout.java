package dev.ghostline.systemtests.browser;

import com.microsoft.playwright.Page;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What the page looks like to a person, measured in the page itself: widths, positions, colours. */
final class Layout {
    /** Every control a person must reach: the four call buttons, the chat and the setup form. */
    static final List<String> CONTROLS = List.of("start", "next", "stop", "report", "chat-input", "send", "lobby",
            "interests", "camera", "microphone", "hide-ip");

    private Layout() {
    }

    /** {@code [scrollWidth, innerWidth]} of the document: a wider document scrolls sideways. */
    static List<Integer> documentAndViewportWidth(Page page) {
        @SuppressWarnings("unchecked")
        List<Number> widths = (List<Number>) page.evaluate(
                "() => [document.documentElement.scrollWidth, window.innerWidth]");
        return widths.stream().map(Number::intValue).toList();
    }

    /** The ids of {@link #CONTROLS} that are not shown whole inside the viewport's width. */
    @SuppressWarnings("unchecked")
    static List<String> controlsOutsideTheViewport(Page page) {
        return (List<String>) page.evaluate("""
                (ids) => ids.filter((id) => {
                  const box = document.getElementById(id).getBoundingClientRect();
                  const shown = box.width > 0 && box.height > 0 && getComputedStyle(document.getElementById(id)).visibility === 'visible';
                  return !shown || box.left < 0 || box.right > window.innerWidth;
                })""", CONTROLS);
    }

    /**
     * The WCAG contrast ratio of each button's text on its own background, by button id. Disabled buttons are
     * measured too, as they look once enabled: opacity is not part of their colours.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Double> buttonContrast(Page page) {
        Map<String, Number> ratios = (Map<String, Number>) page.evaluate("""
                () => {
                  const channels = (css) => css.match(/[\\d.]+/g).slice(0, 3).map(Number);
                  const luminance = (css) => {
                    const [r, g, b] = channels(css).map((v) => {
                      const c = v / 255;
                      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
                    });
                    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
                  };
                  const result = {};
                  for (const button of document.querySelectorAll('button')) {
                    const style = getComputedStyle(button);
                    const [light, dark] = [luminance(style.color), luminance(style.backgroundColor)].sort((x, y) => y - x);
                    result[button.id] = (light + 0.05) / (dark + 0.05);
                  }
                  return result;
                }""");
        return ratios.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                entry -> entry.getValue().doubleValue()));
    }
}
