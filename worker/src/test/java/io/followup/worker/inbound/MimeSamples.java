package io.followup.worker.inbound;

/** Sample emails of the reply mailbox, as servers and mail clients write them (made up). */
public final class MimeSamples {
  private MimeSamples() {}

  public static String reply(String to, String inReplyTo, String messageId) {
    return """
        From: Ada <ada@example.com>
        To: %s
        Subject: Re: Your quote, Ada
        Message-ID: %s
        %sMIME-Version: 1.0
        Content-Type: text/plain; charset=UTF-8

        Yes, please call me tomorrow.

        On Mon, Dec 7, 2026 at 10:00 AM Sales <sales@followup.example> wrote:
        > Hi Ada,
        > Just following up.
        """
        .formatted(to, messageId, inReplyTo == null ? "" : "In-Reply-To: " + inReplyTo + "\n");
  }

  public static String autoSubmitted(String to, String messageId) {
    return """
        From: Ada <ada@example.com>
        To: %s
        Subject: Thanks for your email
        Message-ID: %s
        Auto-Submitted: auto-replied
        MIME-Version: 1.0
        Content-Type: text/plain; charset=UTF-8

        We received your message and will answer within two days.
        """
        .formatted(to, messageId);
  }

  public static String outOfOffice(String to, String messageId, String body) {
    return """
        From: Ada <ada@example.com>
        To: %s
        Subject: Automatic reply: Your quote, Ada
        Message-ID: %s
        X-Autoreply: yes
        MIME-Version: 1.0
        Content-Type: text/plain; charset=UTF-8

        %s
        """
        .formatted(to, messageId, body);
  }

  /** A delivery status notification about the follow-up {@code originalId}. */
  public static String dsn(String to, String messageId, String originalId, String status) {
    String action = status.startsWith("5") ? "failed" : "delayed";
    return """
        From: Mail Delivery Subsystem <mailer-daemon@mx.example.net>
        To: %s
        Subject: Undelivered Mail Returned to Sender
        Message-ID: %s
        Auto-Submitted: auto-replied
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="B1"

        --B1
        Content-Type: text/plain; charset=us-ascii

        This is the mail system at host mx.example.net.
        I'm sorry to have to inform you that your message could not be delivered.

        --B1
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example.net
        Arrival-Date: Mon,  7 Dec 2026 10:00:01 +0000 (UTC)

        Final-Recipient: rfc822; ada@example.com
        Original-Recipient: rfc822;ada@example.com
        Action: %s
        Status: %s
        Diagnostic-Code: smtp; 550 5.1.1 <ada@example.com>: Recipient address rejected

        --B1
        Content-Type: text/rfc822-headers

        From: Sales <sales@followup.example>
        To: ada@example.com
        Subject: Your quote, Ada
        Message-ID: %s
        Date: Mon, 7 Dec 2026 10:00:00 +0000

        --B1--
        """
        .formatted(to, messageId, action, status, originalId);
  }

  /** An ARF feedback report (RFC 5965) about the follow-up {@code originalId}. */
  public static String complaint(String to, String messageId, String originalId) {
    return """
        From: Feedback Loop <fbl@isp.example.net>
        To: %s
        Subject: FW: Your quote, Ada
        Message-ID: %s
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=feedback-report; boundary="B2"

        --B2
        Content-Type: text/plain; charset=us-ascii

        This is an email abuse report for an email message received from IP 192.0.2.1.

        --B2
        Content-Type: message/feedback-report

        Feedback-Type: abuse
        User-Agent: SomeGenerator/1.0
        Version: 1

        --B2
        Content-Type: message/rfc822
        Content-Disposition: inline

        From: Sales <sales@followup.example>
        To: ada@example.com
        Subject: Your quote, Ada
        Message-ID: %s
        MIME-Version: 1.0
        Content-Type: text/plain

        Hi Ada, just following up.

        --B2--
        """
        .formatted(to, messageId, originalId);
  }
}
