package dev.ghostline.support.testing;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * REST Assured aimed at the management interface of the application under test, where health, metrics and
 * the OpenAPI document live: the public port does not serve them.
 */
public final class Management {
    private Management() {
    }

    public static RequestSpecification given() {
        return RestAssured.given().port(port());
    }

    /** The port the running test application's management interface took (tests ask for a free one). */
    public static int port() {
        return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }
}
