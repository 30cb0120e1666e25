package io.followup.api.core.view;

import java.util.List;

/**
 * {@code GET /v1/webhooks/deliveries}: oldest first; {@code nextToken} is null on the last page.
 */
public record WebhookDeliveryPage(List<WebhookDeliveryView> deliveries, String nextToken) {}
