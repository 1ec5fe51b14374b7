// OpenTelemetry tracing: with OTEL_EXPORTER_OTLP_ENDPOINT set, spans are batched and exported over
// OTLP/HTTP (JSON) to `<endpoint>/v1/traces`; unset, the tracer is the API's no-op one (costless:
// the SDK and the exporter are not even loaded).
import { trace, type Tracer } from '@opentelemetry/api';

export interface Tracing {
  tracer: Tracer;
  /** Exports what is buffered, then stops. */
  shutdown(): Promise<void>;
}

export async function createTracing(settings: { endpoint?: string; serviceName: string }): Promise<Tracing> {
  if (!settings.endpoint) return { tracer: trace.getTracer('opsloop'), shutdown: async () => {} };
  const [{ OTLPTraceExporter }, { resourceFromAttributes }, { BasicTracerProvider, BatchSpanProcessor }] = await Promise.all([
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-trace-base'),
  ]);
  const exporter = new OTLPTraceExporter({ url: `${settings.endpoint.replace(/\/+$/, '')}/v1/traces` });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName }),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1_000 })],
  });
  return { tracer: provider.getTracer('opsloop'), shutdown: () => provider.shutdown() };
}
