package dev.otpverifier.app;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/** The layering of STYLE.md: {@code app -> {ui, console, demo, auth -> mail, config, state} -> otp}. */
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

    // ---- inside ui: the main window (ui itself), ui.settings, ui.inbox and ui.common -------------

    @ArchTest
    static final ArchRule uiCommonDependsOnNoOtherUiPackage = noClasses().that()
            .resideInAPackage("dev.otpverifier.ui.common..")
            .should().dependOnClassesThat(resideInAPackage("dev.otpverifier.ui..")
                    .and(not(resideInAPackage("dev.otpverifier.ui.common.."))))
            .because("every window uses the shared pieces, so they can use no window; a piece that one window "
                    + "needs belongs beside that window");

    @ArchTest
    static final ArchRule settingsAndInboxDoNotKnowTheMainWindow = noClasses().that()
            .resideInAnyPackage("dev.otpverifier.ui.settings..", "dev.otpverifier.ui.inbox..")
            .should().dependOnClassesThat().resideInAPackage("dev.otpverifier.ui")
            .because("the main window opens the dialog and the inbox, not the other way round: the dialog sees "
                    + "SettingsServices, the inbox sees an InboxWindow.FormOwner");

    @ArchTest
    static final ArchRule settingsDoesNotKnowTheInbox = noClasses().that()
            .resideInAPackage("dev.otpverifier.ui.settings..")
            .should().dependOnClassesThat().resideInAPackage("dev.otpverifier.ui.inbox..")
            .because("the settings dialog and the demo inbox are separate windows that meet only in the main window");

    @ArchTest
    static final ArchRule inboxDoesNotKnowTheSettings = noClasses().that()
            .resideInAPackage("dev.otpverifier.ui.inbox..")
            .should().dependOnClassesThat().resideInAPackage("dev.otpverifier.ui.settings..")
            .because("the settings dialog and the demo inbox are separate windows that meet only in the main window");

    @ArchTest
    static final ArchRule uiPackagesAreFreeOfCycles = slices().assignedFrom(new UiPackages()).should()
            .beFreeOfCycles()
            .because("each ui package can then be read, and changed, knowing only the packages below it");

    @ArchTest
    static final ArchRule uiModelsStaySwingFree = noClasses().that().haveNameMatching(
                    "dev\\.otpverifier\\.ui\\.(VerificationModel|CodeInput|Countdown|settings\\.SettingsForm"
                            + "|settings\\.MailProvider|settings\\.SignInForm|settings\\.SignInMethod|inbox\\.Inbox"
                            + "|inbox\\.InboxMessage)(\\$.*)?")
            .should().dependOnClassesThat().resideInAnyPackage("javax.swing..", "java.awt..")
            .because("each panel keeps its rules in a model beside it that is tested without a display");

    @ArchTest
    static final ArchRule uiDoesNotKnowSignIn = noClasses().that().resideInAPackage("dev.otpverifier.ui..")
            .should().dependOnClassesThat().resideInAPackage("dev.otpverifier.auth..")
            .because("like mail, sign-in is wired in by app: the settings dialog asks SettingsServices, so the "
                    + "window never sees tokens or an identity provider's library");

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

    @ArchTest
    static final ArchRule theSendRehearsalSeesNothingOfThePersons = noClasses().that()
            .haveFullyQualifiedName(SendRehearsal.class.getName())
            .should().dependOnClassesThat().resideInAnyPackage("dev.otpverifier.config..", "dev.otpverifier.auth..",
                    "dev.otpverifier.state..", "dev.otpverifier.ui..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName(Wiring.class.getName())
            .orShould().dependOnClassesThat().haveFullyQualifiedName(SignIns.class.getName())
            .because("the rehearsal must never reach the person's settings, sign-in, limits or window: it builds "
                    + "its own sender for its own server (SECURITY.md, the loopback certificate)");

    /** One slice for the main window's package {@code ui} and one for each package under it. */
    private static final class UiPackages implements SliceAssignment {
        private static final String UI = "dev.otpverifier.ui";

        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            if (name.equals(UI)) {
                return SliceIdentifier.of("ui");
            }
            if (name.startsWith(UI + ".")) {
                return SliceIdentifier.of("ui." + name.substring(UI.length() + 1).split("\\.")[0]);
            }
            return SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the ui package and each package under it";
        }
    }

    @ArchTest
    static final ArchRule signInKnowsOnlyTheMailSidesInterface = noClasses().that()
            .resideInAPackage("dev.otpverifier.auth..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.otpverifier.config..", "dev.otpverifier.ui..",
                    "dev.otpverifier.console..", "dev.otpverifier.demo..", "dev.otpverifier.app..",
                    "dev.otpverifier.state..", "javax.swing..", "java.awt..", "jakarta.mail..")
            .because("auth implements mail's AccessTokenSource from its own OAuthSettings; app maps the configuration");

    @ArchTest
    static final ArchRule mailKnowsNoOAuthLibrary = noClasses().that()
            .resideOutsideOfPackages("dev.otpverifier.auth..")
            .should().dependOnClassesThat().resideInAnyPackage("com.nimbusds..", "com.github.javakeyring..")
            .because("the OAuth protocol and the credential store stay behind the auth package (STYLE.md: one small "
                    + "interface owned by the mail side)");

    @ArchTest
    static final ArchRule onlyAppStartsSignIns = noClasses().that()
            .resideOutsideOfPackages("dev.otpverifier.app..", "dev.otpverifier.auth..")
            .should().dependOnClassesThat().resideInAPackage("dev.otpverifier.auth..")
            .because("the window sees SignInAttempt and the sender sees AccessTokenSource; app wires auth in");
}
