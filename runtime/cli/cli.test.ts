/**
 * The command line (issue 17). Regressions: `start --help` and `migrate --help` ran the command,
 * `chat --help` printed a stack trace, there was no `--version`, an unknown command was not
 * named, and `chat` crashed on a non-JSON answer instead of saying the simulator is off.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { simulatorRefusal } from './chat-command';
import { main } from './main';
import { chatCommandLine } from './start-command';

function capture() {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  vi.spyOn(console, 'log').mockImplementation(
    (...a: unknown[]) => void (out += `${a.join(' ')}\n`),
  );
  vi.spyOn(console, 'error').mockImplementation(
    (...a: unknown[]) => void (err += `${a.join(' ')}\n`),
  );
  return { out: () => out, err: () => err };
}

afterEach(() => vi.restoreAllMocks());

describe('ratiba CLI', () => {
  it('`voice-worker` names the LiveKit and NATS variables it needs, and exits 2 without them', async () => {
    const io = capture();
    expect(await main(['voice-worker'], {})).toBe(2);
    expect(io.err()).toMatch(/set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET/);
    const lk = { LIVEKIT_URL: 'ws://lk:7880', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 's' };
    expect(await main(['voice-worker'], lk)).toBe(2);
    expect(io.err()).toMatch(/set NATS_URL/);
  });

  it('prints its version', async () => {
    const io = capture();
    expect(await main(['--version'])).toBe(0);
    expect(io.out()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each([['start'], ['migrate'], ['chat'], ['doctor'], ['tenant', 'validate']])(
    '`%s --help` prints the help and runs nothing',
    async (...cmd) => {
      const io = capture();
      expect(await main([...cmd, '--help'])).toBe(0);
      expect(io.out()).toContain(`Usage: ratiba ${cmd.join(' ')}`);
      expect(io.err()).toBe('');
    },
  );

  it('names an unknown command and suggests the right one', async () => {
    const io = capture();
    expect(await main(['strat'])).toBe(2);
    expect(io.err()).toMatch(/unknown command 'strat'[\s\S]*start/);
  });

  it('`chat` without its options says which is missing, without a stack trace', async () => {
    const io = capture();
    expect(await main(['chat', '--tenant', 'demo'])).toBe(2);
    expect(io.err()).toContain("required option '--from <phone>' not specified");
    expect(io.err()).not.toMatch(/^\s+at /m);
  });

  it('`tenant validate` checks a file without a database and names the typo', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ratiba-cli-'));
    try {
      const good = join(dir, 'good.yaml');
      const bad = join(dir, 'bad.yaml');
      await writeFile(good, 'slug: acme\nname: Acme\n');
      await writeFile(bad, 'slug: acme\nname: Acme\npolcy: {}\n');
      const io = capture();
      expect(await main(['tenant', 'validate', good])).toBe(0);
      expect(io.out()).toContain('ok — tenant acme');
      expect(await main(['tenant', 'validate', bad])).toBe(1);
      expect(io.err()).toContain('polcy: unknown key (did you mean "policy"?)');
      expect(await main(['tenant', 'validate', join(dir, 'none.yaml')])).toBe(1);
      expect(io.err()).toContain('not found');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('`chat` explains a simulator that is off or behind a login', () => {
    expect(simulatorRefusal(404, 'http://x')).toMatch(/simulator is off.*RATIBA_SIMULATOR=1/);
    expect(simulatorRefusal(401, 'http://x')).toMatch(/--token/);
    expect(simulatorRefusal(200, 'http://x')).toBeUndefined();
  });

  it('the start banner prints the exact chat command', () => {
    expect(chatCommandLine('demo', 'http://127.0.0.1:3100', false)).toBe(
      'npx ratiba chat --tenant demo --from +254712345678 --url http://127.0.0.1:3100',
    );
    expect(chatCommandLine('acme', 'http://h:1', true)).toMatch(/--token <access token>$/);
  });
});
