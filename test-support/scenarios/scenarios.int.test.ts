import { afterAll, beforeAll, describe, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test-database';
import { listScenarioFiles, loadScenario, REPO_ROOT } from './scenario-loader';
import { ScenarioRunner } from './scenario-runner';
import { relative } from 'node:path';

/**
 * Every scenario under scenarios/ against the real runtime on a fresh database: one runtime for
 * the file, one tenant (schema) per scenario, one `it` per scenario file. The format and how to
 * add one: scenarios/README.md.
 */
const only = process.env.SCENARIO_ONLY; // a substring of the paths to run, while writing one
const files = (await listScenarioFiles()).filter((f) => !only || f.includes(only));

describe('conversation scenarios', () => {
  let tdb: TestDatabase;
  let runner: ScenarioRunner;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    runner = await ScenarioRunner.start(tdb.url);
  });

  afterAll(async () => {
    await runner?.stop();
    await tdb?.drop();
  });

  it('finds the scenarios', ({ expect }) => {
    expect(files.length).toBeGreaterThanOrEqual(only ? 1 : 30);
  });

  for (const path of files) {
    it(relative(REPO_ROOT, path), async () => {
      const transcript = await runner.run(await loadScenario(path));
      // SCENARIO_TRACE=1 prints every transcript (writing a new scenario starts with it).
      if (process.env.SCENARIO_TRACE)
        console.log(`${relative(REPO_ROOT, path)}\n${transcript.join('\n')}`);
    });
  }
});
