# syntax=docker/dockerfile:1
# One image for every process of the stack: `server /app/config.yml` (the API) or
# `worker /app/config.yml` (the worker roles in WORKER_ROLES). See docker-compose.yml.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# The dependency layer: the poms alone, built once with no sources, fetch every dependency and
# plugin the package needs into /m2 (a layer, not a cache mount, so any builder keeps it). Docker
# reruns it only when a pom changes; a code change starts at the COPY of the sources below.
# (`dependency:go-offline` cannot do this in a reactor: it looks for the sibling modules' jars.)
COPY pom.xml ./
COPY workflows/pom.xml workflows/
COPY compliance/pom.xml compliance/
COPY domain/pom.xml domain/
COPY worker/pom.xml worker/
COPY store/pom.xml store/
COPY api/pom.xml api/
COPY app/pom.xml app/
RUN mvn -B -q -Dmaven.repo.local=/m2 -DskipTests package && rm -rf */target
COPY . .
RUN mvn -B -Dmaven.repo.local=/m2 -DskipTests package

FROM eclipse-temurin:17-jre
# a numeric UID and GID: Kubernetes' runAsNonRoot can check it, and files on mounted volumes get a
# stable owner
RUN groupadd --system --gid 10001 followup \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin followup
WORKDIR /app
COPY --from=build /src/app/target/followup.jar /app/followup.jar
COPY --from=build /src/app/src/main/resources/config.yml /app/config.yml
USER 10001:10001
# PORT (API) and ADMIN_PORT (health checks, metrics) as config.yml defaults them
EXPOSE 8080 8081
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=5 \
  CMD curl -fsS "http://127.0.0.1:${ADMIN_PORT:-8081}/healthcheck" > /dev/null || exit 1
ENTRYPOINT ["java", "-jar", "/app/followup.jar"]
CMD ["server", "/app/config.yml"]
