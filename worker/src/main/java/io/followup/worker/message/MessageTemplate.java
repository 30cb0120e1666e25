package io.followup.worker.message;

import com.github.mustachejava.Code;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Iteration;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheFactory;
import com.github.mustachejava.codes.IterableCode;
import com.github.mustachejava.reflect.MapObjectHandler;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.util.List;
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
 * ({@code {{> name}}}) are not supported: a template that uses one does not compile, nor does one
 * that nests sections more than {@link RenderLimits#MAX_SECTION_DEPTH} deep. A render is bounded
 * ({@link RenderLimits}): past a part's length or the iterations' budget it stops with a {@link
 * RenderLimitException}.
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
   * @throws RenderLimitException past one of {@code limits}
   */
  RenderedMessage render(Map<String, Object> variables, String strategyId, RenderLimits limits) {
    // a subject is one header line, whatever the lead's fields hold; its limit counts it so
    String renderedSubject =
        subject == null
            ? null
            : LINE_BREAKS
                .matcher(execute(subject, variables, "subject", 4 * limits.subject()))
                .replaceAll(" ")
                .strip();
    if (renderedSubject != null && renderedSubject.length() > limits.subject()) {
      throw tooLong("subject", limits.subject());
    }
    return new RenderedMessage(
        renderedSubject,
        execute(body, variables, "message", limits.body()),
        html == null ? null : execute(html, variables, "HTML body", limits.html()),
        strategyId);
  }

  private static String execute(
      Mustache template, Map<String, Object> variables, String part, int maxChars) {
    StringWriter out = new StringWriter();
    Budget.start();
    try {
      template.execute(new Bounded(out, part, maxChars), variables);
    } catch (RuntimeException e) {
      // mustache.java wraps what a writer or a handler throws
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof RenderLimitException limit) {
          throw limit;
        }
      }
      throw e;
    } finally {
      Budget.end();
    }
    return out.toString();
  }

  private static RenderLimitException tooLong(String part, int maxChars) {
    return new RenderLimitException(
        "the rendered " + part + " is over " + maxChars + " characters (its limit)");
  }

  /** A writer that refuses to grow past {@code maxChars}. */
  private static final class Bounded extends Writer {
    private final Writer out;
    private final String part;
    private final int maxChars;
    private long written;

    Bounded(Writer out, String part, int maxChars) {
      this.out = out;
      this.part = part;
      this.maxChars = maxChars;
    }

    @Override
    public void write(char[] chars, int offset, int length) throws java.io.IOException {
      written += length;
      if (written > maxChars) {
        throw tooLong(part, maxChars);
      }
      out.write(chars, offset, length);
    }

    @Override
    public void flush() throws java.io.IOException {
      out.flush();
    }

    @Override
    public void close() throws java.io.IOException {
      out.close();
    }
  }

  /** The section iterations left to the render running on this thread. */
  private static final class Budget {
    private static final ThreadLocal<int[]> LEFT = new ThreadLocal<>();

    static void start() {
      LEFT.set(new int[] {RenderLimits.MAX_ITERATIONS});
    }

    static void end() {
      LEFT.remove();
    }

    static void spend() {
      int[] left = LEFT.get();
      if (left != null && --left[0] < 0) {
        throw new RenderLimitException(
            "the template's sections iterated over "
                + RenderLimits.MAX_ITERATIONS
                + " times (its limit)");
      }
    }
  }

  /** Nesting of sections ({@code {{#x}}}, {@code {{^x}}}) in the compiled template. */
  private static int sectionDepth(Code[] codes) {
    int deepest = 0;
    if (codes == null) {
      return 0;
    }
    for (Code code : codes) {
      int inner = sectionDepth(code.getCodes());
      deepest = Math.max(deepest, code instanceof IterableCode ? inner + 1 : inner);
    }
    return deepest;
  }

  private static Mustache compile(MustacheFactory factory, String name, String source) {
    Objects.requireNonNull(source, name);
    Mustache compiled;
    try {
      compiled = factory.compile(new StringReader(source), name);
    } catch (MustacheException e) {
      throw new TemplateException(
          "template " + name + " does not compile: " + e.getMessage(), null);
    }
    int depth = sectionDepth(compiled.getCodes());
    if (depth > RenderLimits.MAX_SECTION_DEPTH) {
      throw new TemplateException(
          "template "
              + name
              + " does not compile: it nests sections "
              + depth
              + " deep, over the section depth limit of "
              + RenderLimits.MAX_SECTION_DEPTH,
          null);
    }
    return compiled;
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
    factory.setObjectHandler(
        new MapObjectHandler() {
          @Override
          public Writer iterate(
              Iteration iteration, Writer writer, Object object, List<Object> scopes) {
            // every item of a list, or the one pass of a truthy value, spends one iteration
            return super.iterate(
                (w, item, s) -> {
                  Budget.spend();
                  return iteration.next(w, item, s);
                },
                writer,
                object,
                scopes);
          }
        });
    return factory;
  }
}
