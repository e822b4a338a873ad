import { collectDefaultMetrics, Registry } from 'prom-client'

/**
 * prom-client's process metrics (event-loop lag `nodejs_eventloop_lag_*`, memory
 * `process_resident_memory_bytes` and `nodejs_heap_*`, CPU, handles, GC): one registry per
 * process, as they describe the process, not an app. collectDefaultMetrics starts an event-loop
 * delay monitor and a GC observer that cannot be stopped; started once, on the first scrape, a
 * test process that builds a hundred apps (or a benchmark that never scrapes) starts none or one.
 * Neither holds the process open (no timer keeps the event loop alive).
 */
let registry: Registry | null = null

export function processMetrics(): Registry {
  if (registry === null) {
    registry = new Registry()
    collectDefaultMetrics({ register: registry })
  }
  return registry
}
