package io.followup.api.core.view;

import java.util.List;

/** {@code POST /v1/webhooks/test}: the ping's event id and its delivery to each URL. */
public record WebhookPingView(String eventId, List<WebhookDeliveryView> deliveries) {}
