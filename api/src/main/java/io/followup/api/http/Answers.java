package io.followup.api.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The HTTP statuses a resource method answers, filters and error mappers included: exactly the
 * responses its operation lists in the OpenAPI document ({@code openapi.yaml}; the contract test
 * compares both ways). Every route under {@code /v1} carries it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Answers {
  int[] value();
}
