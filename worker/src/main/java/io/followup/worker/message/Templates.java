package io.followup.worker.message;

import io.followup.workflows.model.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default message of each channel, compiled once. Built in as class path files ({@code
 * io/followup/worker/templates/*.mustache}); an operator replaces any of them with a file of the
 * same name in a directory ({@link #load(Path)}). One line break at the end of a file is dropped.
 */
public final class Templates {
  public static final String TEXT = "text.mustache";
  public static final String CALL = "call.mustache";
  public static final String VOICEMAIL = "voicemail.mustache";
  public static final String EMAIL_SUBJECT = "email-subject.mustache";
  public static final String EMAIL_TEXT = "email-text.mustache";

  /** Optional: without it, emails are plain text. None is built in. */
  public static final String EMAIL_HTML = "email-html.mustache";

  static final List<String> FILES =
      List.of(TEXT, CALL, VOICEMAIL, EMAIL_SUBJECT, EMAIL_TEXT, EMAIL_HTML);

  private static final Logger log = LoggerFactory.getLogger(Templates.class);
  private static final String BUILT_IN = "/io/followup/worker/templates/";

  private final MessageTemplate text;
  private final MessageTemplate call;
  private final MessageTemplate voicemail;
  private final MessageTemplate email;

  private Templates(Map<String, String> sources) {
    this.text = MessageTemplate.plain(TEXT, sources.get(TEXT));
    this.call = MessageTemplate.plain(CALL, sources.get(CALL));
    this.voicemail = MessageTemplate.plain(VOICEMAIL, sources.get(VOICEMAIL));
    this.email =
        MessageTemplate.email(
            "email", sources.get(EMAIL_SUBJECT), sources.get(EMAIL_TEXT), sources.get(EMAIL_HTML));
  }

  /** The built-in templates. */
  public static Templates defaults() {
    return BuiltIn.TEMPLATES;
  }

  /**
   * The built-in templates, each replaced by the file of the same name in {@code directory} when
   * there is one.
   *
   * @throws TemplateException when the directory cannot be read, holds a {@code .mustache} file
   *     whose name is none of {@link #FILES}, or a template is not UTF-8 or does not compile
   */
  public static Templates load(Path directory) {
    Objects.requireNonNull(directory, "directory");
    if (!Files.isDirectory(directory)) {
      throw new TemplateException(directory + " is not a directory", null);
    }
    List<String> unknown = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      files
          .map(f -> f.getFileName().toString())
          .filter(name -> name.endsWith(".mustache") && !FILES.contains(name))
          .sorted()
          .forEach(unknown::add);
    } catch (IOException e) {
      throw new TemplateException("cannot list " + directory + ": " + e, e);
    }
    if (!unknown.isEmpty()) {
      throw new TemplateException(
          directory + " holds " + String.join(", ", unknown) + "; templates are " + FILES, null);
    }
    Map<String, String> sources = new LinkedHashMap<>(builtIn());
    List<String> replaced = new ArrayList<>();
    for (String name : FILES) {
      Path file = directory.resolve(name);
      if (Files.isRegularFile(file)) {
        try {
          sources.put(name, source(file.toString(), Files.readAllBytes(file)));
        } catch (IOException e) {
          throw new TemplateException("cannot read " + file + ": " + e, e);
        }
        replaced.add(name);
      }
    }
    Templates templates = compile(sources, directory);
    log.info("templates from {}: {}; the others built in", directory, replaced);
    return templates;
  }

  /** Templates from strings (tests; a strategy's template later). */
  public static Templates of(
      String text,
      String call,
      String voicemail,
      String emailSubject,
      String emailText,
      String emailHtml) {
    Map<String, String> sources = new LinkedHashMap<>();
    sources.put(TEXT, text);
    sources.put(CALL, call);
    sources.put(VOICEMAIL, voicemail);
    sources.put(EMAIL_SUBJECT, emailSubject);
    sources.put(EMAIL_TEXT, emailText);
    sources.put(EMAIL_HTML, emailHtml);
    return new Templates(sources);
  }

  /** The channel's default message. */
  public MessageTemplate forChannel(Channel channel) {
    return switch (channel) {
      case TEXT -> text;
      case CALL -> call;
      case VOICEMAIL -> voicemail;
      case EMAIL -> email;
    };
  }

  private static Templates compile(Map<String, String> sources, Path directory) {
    try {
      return new Templates(sources);
    } catch (TemplateException e) {
      throw new TemplateException(e.getMessage() + " (in " + directory + ")", null);
    }
  }

  private static Map<String, String> builtIn() {
    Map<String, String> sources = new LinkedHashMap<>();
    for (String name : FILES) {
      try (InputStream in = Templates.class.getResourceAsStream(BUILT_IN + name)) {
        if (in != null) {
          sources.put(name, source(name, in.readAllBytes()));
        }
      } catch (IOException e) {
        throw new TemplateException("cannot read the built-in template " + name, e);
      }
    }
    return sources;
  }

  /** UTF-8, strictly; without the line break that ends the file. */
  private static String source(String name, byte[] bytes) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new TemplateException("template " + name + " is not UTF-8", null);
    }
    if (text.endsWith("\r\n")) {
      return text.substring(0, text.length() - 2);
    }
    return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
  }

  /** Loaded on first use: a broken jar fails where the defaults are asked for. */
  private static final class BuiltIn {
    static final Templates TEMPLATES = new Templates(builtIn());
  }
}
