package dev.ghostline.signaling.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The page's files, read from the classpath into memory. The pod serves them itself because Vert.x can only
 * serve classpath files by unpacking them into a cache directory, and pods write nothing to disk.
 */
public final class StaticPage {
    /** Flat file names only: no directories, no dot files, so no path can climb out of the page's folder. */
    private static final Pattern FILE = Pattern.compile("/([a-z0-9][a-z0-9-]{0,63})\\.(html|js|css|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");

    /** One file of the page. */
    public record Asset(byte[] body, String contentType) {
    }

    private final String root;
    private final ClassLoader loader;
    private final Map<String, Asset> loaded = new ConcurrentHashMap<>();

    /** @param root classpath folder holding the page, e.g. {@code META-INF/resources} */
    public StaticPage(String root, ClassLoader loader) {
        this.root = root;
        this.loader = loader;
    }

    /** The file a request path names ({@code /} is {@code /index.html}), or empty when there is none. */
    public Optional<Asset> find(String path) {
        String file = "/".equals(path) ? "/index.html" : path;
        var match = FILE.matcher(file);
        if (!match.matches()) {
            return Optional.empty();
        }
        Asset known = loaded.get(file);
        if (known != null) {
            return Optional.of(known);
        }
        return read(root + file).map(body -> {
            Asset asset = new Asset(body, TYPES.get(match.group(2)));
            loaded.put(file, asset);
            return asset;
        });
    }

    private Optional<byte[]> read(String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the page's file from the classpath", e);
        }
    }
}
