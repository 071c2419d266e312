# A cgo build: SQLite is compiled into the binary.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=1 go build -trimpath -ldflags "-s -w" -o /out/tiepdan ./cmd/tiepdan

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* && useradd --system --home /var/lib/tiepdan tiepdan \
    && mkdir -p /var/lib/tiepdan && chown tiepdan /var/lib/tiepdan
COPY --from=build /out/tiepdan /usr/local/bin/tiepdan
USER tiepdan
WORKDIR /var/lib/tiepdan
ENV TIEPDAN_ADDR=0.0.0.0:8080 TIEPDAN_DB=/var/lib/tiepdan/tiepdan.db
EXPOSE 8080
HEALTHCHECK CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080"]
ENTRYPOINT ["tiepdan"]
CMD ["serve"]
