package org.tuf4j;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of tuf4j (docs/ARCHITECTURE.md), checked on the compiled classes: the byte encodings
 * at the bottom, then keys and the metadata model, the checks of §5 on them, the client and the
 * writer, and Uptane on top. Nothing depends on a layer above it, so the TUF core can be read,
 * tested and shipped without knowing Uptane exists.
 */
class LayeringTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    // The compiled main classes only, however surefire lays out the class or module path.
    classes = new ClassFileImporter().importPath(Path.of("target", "classes"));
  }

  @Test
  void eachLayerUsesOnlyTheLayersBelowIt() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("failures").definedBy("org.tuf4j")
        .layer("internal").definedBy("org.tuf4j.internal..")
        .layer("encoding").definedBy("org.tuf4j.encoding..")
        .layer("crypto").definedBy("org.tuf4j.crypto..")
        .layer("metadata").definedBy("org.tuf4j.metadata..")
        .layer("verify").definedBy("org.tuf4j.verify..")
        .layer("signer").definedBy("org.tuf4j.signer..")
        .layer("client").definedBy("org.tuf4j.client..")
        .layer("repository").definedBy("org.tuf4j.repository..")
        .layer("uptane").definedBy("org.tuf4j.uptane..")
        .whereLayer("uptane").mayNotBeAccessedByAnyLayer()
        // The writer checks what it publishes with the client's own rules (TrustedMetadataSet).
        .whereLayer("repository").mayOnlyBeAccessedByLayers("uptane")
        .whereLayer("client").mayOnlyBeAccessedByLayers("repository", "uptane")
        .whereLayer("signer").mayNotBeAccessedByAnyLayer()
        .whereLayer("verify").mayOnlyBeAccessedByLayers("client", "repository", "uptane")
        .whereLayer("metadata").mayOnlyBeAccessedByLayers("verify", "signer", "client",
            "repository", "uptane")
        .whereLayer("crypto").mayOnlyBeAccessedByLayers("metadata", "verify", "signer", "client",
            "repository", "uptane")
        // internal's JsonFields reads and writes the JSON values of encoding for both metadata
        // and uptane, so it sits just above encoding: internal may use encoding (and the
        // failures), never a layer above it, and encoding does not use internal.
        .whereLayer("encoding").mayOnlyBeAccessedByLayers("internal", "metadata", "verify",
            "signer", "client", "repository", "uptane")
        .whereLayer("internal").mayOnlyBeAccessedByLayers("failures", "crypto", "metadata",
            "verify", "signer", "client", "repository", "uptane")
        .check(classes);
  }

  @Test
  void onlyUptaneExtendsTheOpenPointOfTheFailureTree() {
    classes().that().areAssignableTo(ProfileVerificationException.class)
        .and().doNotHaveFullyQualifiedName(ProfileVerificationException.class.getName())
        .should().resideInAPackage("org.tuf4j.uptane")
        .check(classes);
  }
}
