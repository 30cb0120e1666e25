package io.followup.worker.message;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheFactory;
import com.github.mustachejava.reflect.MapObjectHandler;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One message's compiled Mustache templates: its body and, for an email, a subject and an optional
 * HTML body. Compiled once, rendered for every send (thread-safe).
 *
 * <p>Variables are looked up in a map only ({@link MapObjectHandler}: no method of any object is
 * called), so a missing variable, or a null one, renders empty. Only the HTML body escapes values;
 * texts, call scripts, voicemails, subjects and plain email bodies carry them as they are. Partials
 * ({@code {{> name}}}) are not supported: a template that uses one does not compile.
 */
public final class MessageTemplate {
  private static final MustacheFactory PLAIN = factory(false);
  private static final MustacheFactory HTML = factory(true);
  private static final Pattern LINE_BREAKS = Pattern.compile("\\s*[\\r\\n]+\\s*");

  private final Mustache subject;
  private final Mustache body;
  private final Mustache html;

  private MessageTemplate(Mustache subject, Mustache body, Mustache html) {
    this.subject = subject;
    this.body = Objects.requireNonNull(body, "body");
    this.html = html;
  }

  /**
   * A text, call script or voicemail.
   *
   * @param name names the template in a compile error (a file name, a strategy id)
   * @throws TemplateException when it does not compile
   */
  public static MessageTemplate plain(String name, String body) {
    return new MessageTemplate(null, compile(PLAIN, name, body), null);
  }

  /**
   * An email.
   *
   * @param html null for a plain text email
   * @throws TemplateException when one of them does not compile
   */
  public static MessageTemplate email(String name, String subject, String text, String html) {
    return new MessageTemplate(
        compile(PLAIN, name + " (subject)", Objects.requireNonNull(subject, "subject")),
        compile(PLAIN, name + " (text)", text),
        html == null ? null : compile(HTML, name + " (html)", html));
  }

  /**
   * @param variables the lead's fields and {@code additionalInfo} (nested maps)
   */
  RenderedMessage render(Map<String, Object> variables, String strategyId) {
    // a subject is one header line, whatever the lead's fields hold
    String renderedSubject =
        subject == null
            ? null
            : LINE_BREAKS.matcher(execute(subject, variables)).replaceAll(" ").strip();
    return new RenderedMessage(
        renderedSubject,
        execute(body, variables),
        html == null ? null : execute(html, variables),
        strategyId);
  }

  private static String execute(Mustache template, Map<String, Object> variables) {
    StringWriter out = new StringWriter();
    template.execute(out, variables);
    return out.toString();
  }

  private static Mustache compile(MustacheFactory factory, String name, String source) {
    Objects.requireNonNull(source, name);
    try {
      return factory.compile(new StringReader(source), name);
    } catch (MustacheException e) {
      throw new TemplateException(
          "template " + name + " does not compile: " + e.getMessage(), null);
    }
  }

  private static MustacheFactory factory(boolean escapeHtml) {
    // no partials: nothing is read from the class path or the file system while compiling
    DefaultMustacheFactory factory =
        new DefaultMustacheFactory(partial -> null) {
          @Override
          public void encode(String value, Writer writer) {
            if (escapeHtml) {
              super.encode(value, writer);
            } else {
              try {
                writer.write(value);
              } catch (java.io.IOException e) {
                throw new MustacheException("cannot write", e);
              }
            }
          }
        };
    factory.setObjectHandler(new MapObjectHandler());
    return factory;
  }
}
