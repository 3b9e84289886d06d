package dev.ghostline.signaling.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StaticPageTest {
    private final StaticPage page = new StaticPage("META-INF/resources", StaticPageTest.class.getClassLoader());

    @Test
    void theRootIsTheIndexPage() {
        StaticPage.Asset index = page.find("/").orElseThrow();

        assertThat(index.contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(new String(index.body(), StandardCharsets.UTF_8)).contains("<title>Ghostline</title>");
        assertThat(page.find("/index.html")).get().isSameAs(index);
    }

    @Test
    void scriptsAndStylesHaveTheirTypes() {
        assertThat(page.find("/app.js")).get().extracting(StaticPage.Asset::contentType)
                .isEqualTo("text/javascript; charset=utf-8");
        assertThat(page.find("/style.css")).get().extracting(StaticPage.Asset::contentType)
                .isEqualTo("text/css; charset=utf-8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/missing.js", "/../application.properties", "/application.properties",
        "/META-INF/resources/app.js", "/.hidden.js", "/App.js", "/app.js/", "", "/dev/ghostline/signaling/web/StaticPage.class"})
    void anythingElseIsNotFound(String path) {
        assertThat(page.find(path)).isEmpty();
    }
}
