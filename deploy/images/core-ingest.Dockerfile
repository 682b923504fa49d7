# core-ingest image from the Quarkus fast-jar. Build from the repository root after
#   mvn -B -pl core-ingest -am package -DskipTests
# with: docker build -f deploy/images/core-ingest.Dockerfile -t edgesync/core-ingest:0.1.0 .
FROM eclipse-temurin:17-jre
WORKDIR /deployments
RUN useradd --system --uid 185 --home /deployments quarkus
COPY --chown=185 core-ingest/target/quarkus-app/lib/ /deployments/lib/
COPY --chown=185 core-ingest/target/quarkus-app/*.jar /deployments/
COPY --chown=185 core-ingest/target/quarkus-app/app/ /deployments/app/
COPY --chown=185 core-ingest/target/quarkus-app/quarkus/ /deployments/quarkus/
USER 185
EXPOSE 8081
# Overridable: the Kubernetes Deployment sets JAVA_OPTS.
ENV JAVA_OPTS="-Xmx768m -XX:+ExitOnOutOfMemoryError -Djava.util.logging.manager=org.jboss.logmanager.LogManager"
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /deployments/quarkus-run.jar"]
