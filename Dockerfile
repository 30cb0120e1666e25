# syntax=docker/dockerfile:1
# One image for every process of the stack: `server /app/config.yml` (the API) or
# `worker /app/config.yml` (the worker roles in WORKER_ROLES). See docker-compose.yml.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The cache mount keeps ~/.m2 between builds, so a code change does not download the world again.
RUN --mount=type=cache,target=/root/.m2 mvn -B -DskipTests package

FROM eclipse-temurin:17-jre
RUN groupadd --system followup \
 && useradd --system --gid followup --home-dir /app --no-create-home --shell /usr/sbin/nologin followup
WORKDIR /app
COPY --from=build /src/app/target/followup.jar /app/followup.jar
COPY --from=build /src/app/src/main/resources/config.yml /app/config.yml
USER followup
# PORT (API) and ADMIN_PORT (health checks, metrics) as config.yml defaults them
EXPOSE 8080 8081
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=5 \
  CMD curl -fsS "http://127.0.0.1:${ADMIN_PORT:-8081}/healthcheck" > /dev/null || exit 1
ENTRYPOINT ["java", "-jar", "/app/followup.jar"]
CMD ["server", "/app/config.yml"]
