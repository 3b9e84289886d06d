package dev.ghostline.signaling;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The module's package graph, as a check that can fail: no package imports a package that imports it back, and
 * the layers run one way. {@code bus} is transport and knows nothing of sessions; {@code session} is the core;
 * {@code moderation} applies decisions to sessions through {@code session}'s interfaces; {@code ws} and
 * {@code web} are the edges. The root package (config, metrics, beans) depends on nothing but {@code limits}.
 */
class PackageDependenciesTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.ghostline.signaling");

    @Test
    void noPackageCycles() {
        slices().matching("dev.ghostline.signaling.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theRootPackageDependsOnNoLayer() {
        noClasses().that().resideInAPackage("dev.ghostline.signaling")
                .should().dependOnClassesThat().resideInAnyPackage("..signaling.bus..", "..signaling.session..",
                        "..signaling.moderation..", "..signaling.ws..", "..signaling.web..", "..signaling.ice..")
                .check(MAIN);
    }

    @Test
    void theBusIsTransportOnly() {
        noClasses().that().resideInAPackage("..signaling.bus..")
                .should().dependOnClassesThat().resideInAnyPackage("..signaling.session..",
                        "..signaling.moderation..", "..signaling.ws..")
                .check(MAIN);
    }

    @Test
    void theSessionCoreDoesNotKnowModerationOrTheEdges() {
        noClasses().that().resideInAPackage("..signaling.session..")
                .should().dependOnClassesThat().resideInAnyPackage("..signaling.moderation..",
                        "..signaling.ws..", "..signaling.web..")
                .check(MAIN);
    }
}
