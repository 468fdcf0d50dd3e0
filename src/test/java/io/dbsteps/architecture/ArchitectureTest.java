package io.dbsteps.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The structure of the main code, checked on its bytecode: the layers, no cycles between packages or classes, and no
 * internal type in a public signature. A new cycle or leak fails the build here rather than in a review.
 */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.dbsteps");

    @Test
    void internalPackagesHaveNoCycles() {
        slices().matching("io.dbsteps.internal.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void topLevelPackagesHaveNoCycles() {
        // the API package itself is the facade over the internals and the values they return, so it is checked class by
        // class below; its sub-packages (internal, ext, cli, proof) must not depend on each other in a circle
        slices().matching("io.dbsteps.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void classesHaveNoCycles() {
        slices().assignedFrom(TOP_LEVEL_CLASS).should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theApiDependsOnNeitherTheCliNorTheExtensions() {
        noClasses().that().resideInAPackage("io.dbsteps")
                .should().dependOnClassesThat().resideInAnyPackage("io.dbsteps.cli..", "io.dbsteps.ext..")
                .check(MAIN);
    }

    @Test
    void theCliUsesThePublicApiOnly() {
        noClasses().that().resideInAPackage("io.dbsteps.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.dbsteps.internal..")
                .check(MAIN);
    }

    /**
     * The classes the compiled path and the fast no-op run on, which must not load Liquibase: none refers to a
     * Liquibase class ({@code FastPathTest}, {@code CompiledRollbackTest} and {@code CompiledPathTest} check what a
     * fresh JVM loads).
     */
    private static final List<String> WITHOUT_LIQUIBASE = List.of(
            "io.dbsteps.internal.command.CompiledTarget", "io.dbsteps.internal.command.CompiledUpdate",
            "io.dbsteps.internal.command.CompiledRollback", "io.dbsteps.internal.command.CompiledPreconditionCheck",
            "io.dbsteps.internal.fastpath.CompiledChangelog", "io.dbsteps.internal.fastpath.ChangelogManifest",
            "io.dbsteps.internal.fastpath.UpToDateCheck", "io.dbsteps.internal.lock.LockAttempt",
            "io.dbsteps.internal.lock.LockRow", "io.dbsteps.internal.lock.JdbcSchemaLock",
            "io.dbsteps.internal.lock.TableLockWaits", "io.dbsteps.internal.lock.LockUnavailableException",
            "io.dbsteps.internal.undo.UndoRows", "io.dbsteps.internal.undo.Archiver",
            "io.dbsteps.internal.undo.ArchiveRegistry", "io.dbsteps.internal.rollback.RollbackStates",
            "io.dbsteps.internal.jdbc.DeploymentIds");

    @Test
    void theCompiledPathAndTheFastPathUseNoLiquibaseClass() {
        assertThat(WITHOUT_LIQUIBASE).allMatch(name -> MAIN.contain(name));
        noClasses().that(com.tngtech.archunit.base.DescribedPredicate.describe("run without Liquibase",
                        (JavaClass c) -> WITHOUT_LIQUIBASE.stream().anyMatch(n -> c.getName().equals(n)
                                || c.getName().startsWith(n + "$"))))
                .should().dependOnClassesThat().resideInAPackage("liquibase..")
                .check(MAIN);
    }

    @Test
    void internalsDependNeitherOnTheFacadeNorOnTheExtensions() {
        noClasses().that().resideInAPackage("io.dbsteps.internal..")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.dbsteps.DbSteps")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.dbsteps.DbStepsBuilder")
                .orShould().dependOnClassesThat().resideInAnyPackage("io.dbsteps.ext..", "io.dbsteps.cli..")
                .check(MAIN);
    }

    @Test
    void publicSignaturesExposeNoInternalType() {
        methods().that().areDeclaredInClassesThat().resideOutsideOfPackage("io.dbsteps.internal..")
                .and().arePublic().and().areDeclaredInClassesThat().arePublic()
                .should(exposeNoInternalType()).check(MAIN);
    }

    /**
     * Each top-level class is a slice of its own; nested classes belong to theirs. A builder belongs to what it builds
     * (DbStepsBuilder to DbSteps, FleetBuilder to DbStepsFleet): {@code configure()} returns the builder and
     * {@code load()} returns the built object, as a nested builder would.
     */
    private static final SliceAssignment TOP_LEVEL_CLASS = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            JavaClass top = javaClass;
            while (top.getEnclosingClass().isPresent()) {
                top = top.getEnclosingClass().get();
            }
            if (!top.getPackageName().startsWith("io.dbsteps")) {
                return SliceIdentifier.ignore();
            }
            String name = switch (top.getName()) {
                case "io.dbsteps.DbStepsBuilder" -> "io.dbsteps.DbSteps";
                case "io.dbsteps.FleetBuilder" -> "io.dbsteps.DbStepsFleet";
                default -> top.getName();
            };
            return SliceIdentifier.of(name);
        }

        @Override
        public String getDescription() {
            return "top-level classes of io.dbsteps";
        }
    };

    private static ArchCondition<JavaCodeUnit> exposeNoInternalType() {
        return new ArchCondition<>("expose no type of io.dbsteps.internal") {
            @Override
            public void check(JavaCodeUnit unit, ConditionEvents events) {
                List<JavaClass> types = new ArrayList<>(unit.getRawParameterTypes());
                types.add(unit.getRawReturnType());
                types.addAll(unit.getExceptionTypes());
                for (JavaClass type : types) {
                    JavaClass base = type.isArray() ? type.getBaseComponentType() : type;
                    if (base.getPackageName().startsWith("io.dbsteps.internal")
                            && !unit.getModifiers().contains(JavaModifier.SYNTHETIC)) {
                        events.add(SimpleConditionEvent.violated(unit, unit.getFullName() + " exposes " + base.getName()));
                    }
                }
            }
        };
    }
}
