// Types `exports` and `env` from "cloudflare:workers" with the Worker's own entry and bindings.
type WorkerEntryModule = typeof import('../../src/worker');
type WorkerBindings = import('../../src/worker').Env;

declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: WorkerEntryModule;
  }
  interface Env extends WorkerBindings {}
}
