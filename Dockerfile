# matchd in a container: build stage (Debian 12, scripts/bootstrap, cmake, cpack) and a
# runtime stage that installs only the .deb. See docs/OPERATIONS.md, "Containers".
#   docker build -t matching .
#   docker run -v matchd-state:/var/lib/matching -v /srv/matching/etc:/etc/matching:ro \
#     -p 50051:50051 matching
FROM debian:12 AS build
WORKDIR /src
# The dependencies first, so that a source change does not reinstall them.
COPY scripts/bootstrap scripts/bootstrap
RUN apt-get update -qq && bash scripts/bootstrap && rm -rf /var/lib/apt/lists/*
COPY . .
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
 && cmake --build build -j"$(nproc)" --target matchd matchctl \
 && cd build && cpack -G DEB

FROM debian:12-slim
COPY --from=build /src/build/matching_*.deb /tmp/
# apt resolves the package's Depends (gRPC, RocksDB, ... runtime libraries, adduser); the
# postinst creates the matchd user and an empty /etc/matching/keys.json (no systemd here).
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends /tmp/matching_*.deb \
 && rm -rf /var/lib/apt/lists/* /tmp/matching_*.deb \
 && install -d -o matchd -g matchd -m 0700 /var/lib/matching
USER matchd
VOLUME /var/lib/matching
# gRPC; Prometheus when --metrics_listen 0.0.0.0:9464 is added to the command.
EXPOSE 50051 9464
# The unit's command line (deploy/systemd/matchd.service). In a container the service must
# listen beyond loopback: with TLS by default (mount the certificate and key under
# /etc/matching/tls); behind a TLS-terminating proxy on a trusted network, replace the TLS
# flags with --allow_plaintext_non_loopback.
ENTRYPOINT ["/usr/bin/matchd", "--data_dir", "/var/lib/matching/store", "--keys_file", "/etc/matching/keys.json"]
CMD ["--listen", "0.0.0.0:50051", "--tls_cert", "/etc/matching/tls/server.crt", "--tls_key", "/etc/matching/tls/server.key"]
