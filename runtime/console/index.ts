/** The operator console: JSON API, live feed, machine graphs, and the built dashboard. */
export { LiveFeed, type LiveFeedBridge, type LiveListener, type LiveTurn } from './live-feed';
export {
  mountConsole,
  consoleAuthOf,
  DASHBOARD_BUILD,
  type ConsoleMountDeps,
} from './mount-console';
export { machineGraph } from './machine-graph';
export type { ConsoleAuth, Principal } from './console-auth';
