import { createFlowMachine, type FlowMachine, type FlowServices } from "@chatwright/flow";

const unboundServices: FlowServices = {
  classify: () => Promise.reject(new Error("No services bound to this turn.")),
  retrieve: () => Promise.reject(new Error("No services bound to this turn.")),
  generate: () => Promise.reject(new Error("No services bound to this turn.")),
  httpRequest: () => Promise.reject(new Error("No services bound to this turn.")),
  isAgentOnline: () => Promise.reject(new Error("No services bound to this turn.")),
  now: () => Date.now(),
};

/**
 * Compiled machines per flow version. Versions are immutable, so an entry
 * never goes stale; the cache only bounds memory (least recently used out).
 */
export function createMachineCache<Loader>(options: { load: (loader: Loader, flowVersionId: string) => Promise<unknown>; maxEntries?: number }) {
  const maxEntries = options.maxEntries ?? 500;
  const machines = new Map<string, FlowMachine>();
  return async function machineFor(loader: Loader, flowVersionId: string): Promise<FlowMachine> {
    const cached = machines.get(flowVersionId);
    if (cached) {
      machines.delete(flowVersionId);
      machines.set(flowVersionId, cached);
      return cached;
    }
    const machine = createFlowMachine(await options.load(loader, flowVersionId), unboundServices);
    machines.set(flowVersionId, machine);
    if (machines.size > maxEntries) {
      const oldest = machines.keys().next().value;
      if (oldest !== undefined) machines.delete(oldest);
    }
    return machine;
  };
}
