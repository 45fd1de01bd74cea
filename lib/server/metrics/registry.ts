import "server-only";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { METRICS, type MetricDefinition } from "@/lib/domain/metric-catalog";

/**
 * The prom-client metrics of the catalogue (lib/domain/metric-catalog.ts), each registered
 * with exactly its name, type, help, labels and buckets, in a registry of its own (never
 * prom-client's global one, so two apps in one process, as in tests, never share series).
 * Nothing else is registered: no process or Node.js default metrics.
 */
type Catalogue = typeof METRICS;
type Key = keyof Catalogue;
type Labels<K extends Key> = Catalogue[K]["labels"][number];
type MetricOf<K extends Key> = Catalogue[K]["type"] extends "counter"
  ? Counter<Labels<K>>
  : Catalogue[K]["type"] extends "histogram"
    ? Histogram<Labels<K>>
    : Gauge<Labels<K>>;

export type CatalogueMetrics = { [K in Key]: MetricOf<K> };

export function catalogueRegistry(): { registry: Registry; metrics: CatalogueMetrics } {
  const registry = new Registry();
  const metrics = {} as Record<Key, unknown>;
  for (const [key, def] of Object.entries(METRICS) as Array<[Key, MetricDefinition]>) {
    const common = { name: def.name, help: def.help, labelNames: [...def.labels], registers: [registry] };
    metrics[key] =
      def.type === "counter" ? new Counter(common) : def.type === "histogram" ? new Histogram({ ...common, buckets: [...(def.buckets ?? [])] }) : new Gauge(common);
  }
  return { registry, metrics: metrics as CatalogueMetrics };
}
