package io.followup.domain.twiml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.xml.sax.helpers.DefaultHandler;

class TwimlEscaperTest {
  @Test
  void markupCharactersBecomeEntities() {
    assertThat(TwimlEscaper.escape("Tom & Jerry <b>\"hi\" 'there'</b>"))
        .isEqualTo("Tom &amp; Jerry &lt;b&gt;&quot;hi&quot; &apos;there&apos;&lt;/b&gt;");
  }

  @Test
  void charactersXmlCannotHoldAreLeftOut() {
    String script = "Hi\u0000 Ada\u0007,\u001B call\uFFFE us\uFFFF back\uD800 today";

    String escaped = TwimlEscaper.escape(script);

    assertThat(escaped).isEqualTo("Hi Ada, call us back today");
    assertThatCode(() -> parse("<Response><Say>" + escaped + "</Say></Response>"))
        .doesNotThrowAnyException();
  }

  @Test
  void whitespaceAndCharactersBeyondTheBasicPlaneStay() {
    String text = "line one\nline two\r\n\tindented \u00e9t\u00e9 \uD83D\uDE00 \u4F60\u597D";

    assertThat(TwimlEscaper.escape(text)).isEqualTo(text);
  }

  @Test
  void withoutTheEscaperTheSameScriptIsNoXml() {
    String raw = "<Response><Say>Hi\u0007 Ada</Say></Response>";

    assertThatCode(() -> parse(raw)).isInstanceOf(Exception.class);
  }

  private static void parse(String xml) throws Exception {
    DocumentBuilder parser = DocumentBuilderFactory.newInstance().newDocumentBuilder();
    parser.setErrorHandler(new DefaultHandler()); // throws on a fatal error, prints nothing
    parser.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }
}
