package io.followup.domain.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.model.Channel;
import org.junit.jupiter.api.Test;

class EventTypeTest {
  @Test
  void aSendIsItsChannelsEvent() {
    assertThat(EventType.ofSend(Channel.TEXT, DeliveryStatus.SENT)).isEqualTo(EventType.MESSAGE);
    assertThat(EventType.ofSend(Channel.CALL, DeliveryStatus.NO_ANSWER)).isEqualTo(EventType.CALL);
    assertThat(EventType.ofSend(Channel.VOICEMAIL, DeliveryStatus.SENT)).isEqualTo(EventType.CALL);
    assertThat(EventType.ofSend(Channel.EMAIL, DeliveryStatus.FAILED)).isEqualTo(EventType.EMAIL);
  }

  @Test
  void aBlockedSendIsAComplianceBlockOnEveryChannel() {
    for (Channel channel : Channel.values()) {
      assertThat(EventType.ofSend(channel, DeliveryStatus.BLOCKED))
          .isEqualTo(EventType.COMPLIANCE_BLOCKED);
    }
  }
}
