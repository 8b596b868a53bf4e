import type Router from '@koa/router';
import { publicError } from '../../contract';
import type { ConsoleRouteHelpers } from './console-route-helpers';
import type { MachineGraph } from '../../contract';
import { machineGraph } from './machine-graph';

/** The registered machines and their graphs (built once per machine, then cached). */
export function machineRoutes(router: Router, h: ConsoleRouteHelpers): void {
  const { machines } = h.deps;
  const graphs = new Map<string, MachineGraph>();
  const graphOf = (name: string) => {
    let g = graphs.get(name);
    if (!g) {
      g = machineGraph(machines.get(name).machine, name);
      graphs.set(name, g);
    }
    return g;
  };

  router.get('/api/machines', async (ctx) => {
    await h.who(ctx);
    ctx.body = {
      machines: machines.list().map((d) => ({ name: d.name, version: d.version })),
    };
  });

  router.get('/api/machines/:name/graph', async (ctx) => {
    await h.who(ctx);
    const name = String(ctx.params.name);
    if (!machines.has(name)) throw publicError('not_found', `no machine named ${name}`);
    ctx.set('etag', `"${name}@${machines.get(name).version}"`);
    ctx.body = graphOf(name);
  });
}
