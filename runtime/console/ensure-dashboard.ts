// `npm start` runs this first: builds the console if dashboard/build is missing or stale.
import { ensureDashboardBuilt } from './dashboard-build';

process.exitCode = ensureDashboardBuilt();
