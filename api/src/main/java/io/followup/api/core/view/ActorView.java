package io.followup.api.core.view;

/**
 * Who caused an event: {@code type} {@code apiKey} (its {@code id} the key's short hash, {@code
 * key:} and 8 hex digits of its SHA-256), {@code operator} (the command and the OS user), {@code
 * inbound} (Twilio's message or call sid, or {@code unsubscribe-link}) or {@code system}.
 */
public record ActorView(String type, String id) {}
