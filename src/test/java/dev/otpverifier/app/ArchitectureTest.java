package dev.otpverifier.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layering of STYLE.md: {@code app -> {ui, console, demo, mail, config, state} -> otp}. */
@AnalyzeClasses(packages = "dev.otpverifier", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule otpUsesOnlyTheJdk = classes().that().resideInAPackage("dev.otpverifier.otp..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.otpverifier.otp..", "java..", "javax.crypto..")
            .because("the core must stay testable and reusable without Swing, AWT, Jakarta Mail or any library");

    @ArchTest
    static final ArchRule otpKnowsNoUserInterfaceOrMail = noClasses().that().resideInAPackage("dev.otpverifier.otp..")
            .should().dependOnClassesThat().resideInAnyPackage("javax.swing..", "java.awt..", "jakarta.mail..")
            .because("outcomes are values that the user interfaces turn into words, and CodeSender hides the mail");

    @ArchTest
    static final ArchRule uiTalksToTheCoreNotToMail = noClasses().that().resideInAPackage("dev.otpverifier.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.otpverifier.mail..", "dev.otpverifier.demo..",
                    "dev.otpverifier.console..", "dev.otpverifier.app..", "jakarta.mail..", "org.subethamail..")
            .because("the window talks to OtpService and AppServices; the app wires in mail and demo");

    @ArchTest
    static final ArchRule mailKnowsNoConfigFileOrUserInterface = noClasses().that()
            .resideInAPackage("dev.otpverifier.mail..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.otpverifier.config..", "dev.otpverifier.ui..",
                    "dev.otpverifier.console..", "dev.otpverifier.demo..", "dev.otpverifier.app..", "javax.swing..",
                    "java.awt..")
            .because("the sender takes SmtpSettings values, wherever they came from");

    @ArchTest
    static final ArchRule configIsPlainData = noClasses().that().resideInAPackage("dev.otpverifier.config..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.otpverifier.mail..", "dev.otpverifier.ui..",
                    "dev.otpverifier.console..", "dev.otpverifier.demo..", "dev.otpverifier.app..", "javax.swing..",
                    "java.awt..", "jakarta.mail..")
            .because("configuration is read and written without knowing who uses it");

    @ArchTest
    static final ArchRule consoleUsesOnlyTheCore = noClasses().that().resideInAPackage("dev.otpverifier.console..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.otpverifier.mail..", "dev.otpverifier.ui..",
                    "dev.otpverifier.demo..", "dev.otpverifier.app..", "dev.otpverifier.config..", "javax.swing..",
                    "java.awt..", "jakarta.mail..")
            .because("the terminal flow is the core plus streams, so it is scriptable and testable");

    @ArchTest
    static final ArchRule demoIsAServerNotAWindow = noClasses().that().resideInAPackage("dev.otpverifier.demo..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.otpverifier.mail..", "dev.otpverifier.ui..",
                    "dev.otpverifier.console..", "dev.otpverifier.app..", "dev.otpverifier.config..", "javax.swing..",
                    "java.awt..")
            .because("demo mode must send through the same SMTP sender as real mail, wired in by app");

    @ArchTest
    static final ArchRule stateKeepsTheCoreValuesWithTheJdkOnly = classes().that()
            .resideInAPackage("dev.otpverifier.state..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.otpverifier.state..", "dev.otpverifier.otp..",
                    "java..", "javax.crypto..")
            .because("the ledger file stores the core's values and nothing else; javax.crypto makes the keyed hash");

    @ArchTest
    static final ArchRule onlyAppOpensTheStateFiles = noClasses().that()
            .resideOutsideOfPackages("dev.otpverifier.app..", "dev.otpverifier.state..")
            .should().dependOnClassesThat().resideInAPackage("dev.otpverifier.state..")
            .because("the core, the window and the terminal see a LimitLedger; only app picks the file behind it");

    @ArchTest
    static final ArchRule onlyAppWiresThingsTogether = noClasses().that().resideOutsideOfPackage("dev.otpverifier.app..")
            .should().dependOnClassesThat().resideInAPackage("dev.otpverifier.app..")
            .because("arrows point one way: app depends on everything, nothing depends on app");
}
