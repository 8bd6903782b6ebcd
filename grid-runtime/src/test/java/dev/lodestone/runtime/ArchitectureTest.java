package dev.lodestone.runtime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module graph of CONVENTIONS.md item 1, checked on the compiled classes: grid-api and
 * grid-scheduler are on this module's test class path, so one import sees every module's main code.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.lodestone");
    }

    @Test
    void theImportSeesEveryModule() {
        // without this, a rule over an empty package would pass for the wrong reason
        assertThat(classes.contain("dev.lodestone.api.Grid")).isTrue();
        assertThat(classes.contain("dev.lodestone.api.task.Task")).isTrue();
        assertThat(classes.contain("dev.lodestone.scheduler.TaskQueue")).isTrue();
        assertThat(classes.contain("dev.lodestone.runtime.client.GridClient")).isTrue();
        assertThat(classes.contain("dev.lodestone.runtime.testtasks.WhoAmI")).as("tests are left out").isFalse();
    }

    @Test
    void theApiDependsOnTheJdkOnly() {
        classes().that().resideInAPackage("dev.lodestone.api..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.lodestone.api..")
                .because("grid-api is what users code against: no Hazelcast, Kryo or logging types in it (CONVENTIONS 1, 2)")
                .check(classes);
    }

    @Test
    void theApiDoesNotKnowTheRuntime() {
        noClasses().that().resideInAPackage("dev.lodestone.api..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lodestone.runtime..", "dev.lodestone.scheduler..")
                .check(classes);
    }

    @Test
    void theSchedulerIsPlainJava() {
        noClasses().that().resideInAPackage("dev.lodestone.scheduler..")
                .should().dependOnClassesThat().resideInAnyPackage("com.hazelcast..", "com.esotericsoftware..", "dev.lodestone.runtime..")
                .because("grid-scheduler is scheduling logic without Hazelcast or Kryo (CONVENTIONS 1)")
                .check(classes);
    }
}
