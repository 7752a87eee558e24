import Prometheus

/// What an operator's Prometheus scrapes from `/metrics`: requests by route, method and
/// status, their latency, the bytes stored and the clients waiting for news. Counts and
/// times only, never ids or content. One registry per relay, nothing global.
public final class RelayMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let stored: Gauge
    private let waiting: Gauge

    public init() {
        stored = registry.makeGauge(descriptor: MetricNameDescriptor(
            namespace: "vp_relay", metricName: "stored", unitName: "bytes", helpText: "Envelope bytes stored, all caseloads."))
        waiting = registry.makeGauge(descriptor: MetricNameDescriptor(
            namespace: "vp_relay", metricName: "waiting", unitName: "clients", helpText: "Pulls waiting for new envelopes at this instance."))
    }

    private static var requests: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "vp_relay", metricName: "requests", unitName: "total", helpText: "Requests answered, by route, method and status.") }
    private static var latency: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "vp_relay", metricName: "request_duration", unitName: "seconds", helpText: "Time to answer, by route.") }
    private static let buckets: [Duration] = [.milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100),
                                              .milliseconds(250), .seconds(1), .seconds(5), .seconds(30)]

    func record(route: String, method: String, status: Int, duration: Duration) {
        registry.makeCounter(descriptor: Self.requests, labels: [("route", route), ("method", method), ("status", String(status))]).increment()
        registry.makeDurationHistogram(descriptor: Self.latency, labels: [("route", route)], buckets: Self.buckets).record(duration)
    }

    /// The text exposition, with the stored bytes and waiting pulls of just now.
    func exposition(storedBytes: Int64, waiting clients: Int) -> [UInt8] {
        stored.set(storedBytes)
        waiting.set(Int64(clients))
        return registry.emitToBuffer()
    }
}
