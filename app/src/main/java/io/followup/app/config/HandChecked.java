package io.followup.app.config;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

/**
 * The rules of a settings block that no constraint annotation can state: a value read by a parser
 * whose own message says what is wrong (a window's times, a calendar, a regional rules file, an
 * email address), or a position in a list (the third webhook URL). Each line of {@link
 * Settings#problems()} becomes one violation, so Dropwizard's validation (the jar's {@code check},
 * every command's start) reports them together with the annotations' ones.
 */
@Documented
@Constraint(validatedBy = HandChecked.Validator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface HandChecked {
  String message() default "breaks a rule";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** A settings block with hand-written rules. */
  interface Settings {
    /** Every hand-written rule these settings break, each as {@code VARIABLE: rule}. */
    List<String> problems();
  }

  /** One violation per problem, its message the problem's text as is. */
  final class Validator implements ConstraintValidator<HandChecked, Settings> {
    @Override
    public boolean isValid(Settings settings, ConstraintValidatorContext context) {
      List<String> problems = settings == null ? List.of() : settings.problems();
      if (problems.isEmpty()) {
        return true;
      }
      context.disableDefaultConstraintViolation();
      for (String problem : problems) {
        // a message is a template: a value quoted in it must not be read as one
        context.buildConstraintViolationWithTemplate(literal(problem)).addConstraintViolation();
      }
      return false;
    }

    private static String literal(String text) {
      return text.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
    }
  }
}
