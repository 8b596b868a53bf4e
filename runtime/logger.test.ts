import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

function capture(logPii: boolean) {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { log: createLogger({ level: 'info', logPii }, sink), lines };
}

describe('logger', () => {
  it('redacts everything under pii by default', () => {
    const { log, lines } = capture(false);
    log.info(
      { tenant: 'demo', pii: { phone: '+254712345678', text: 'my name is Amina' } },
      'message received',
    );
    const out = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(out.msg).toBe('message received');
    expect(out.tenant).toBe('demo');
    expect(out.pii).toBe('[redacted]');
    expect(lines[0]).not.toContain('254712345678');
  });

  it('shows pii only when PII debug logging is on', () => {
    const { log, lines } = capture(true);
    log.info({ pii: { phone: '+254712345678' } }, 'message received');
    expect(lines[0]).toContain('+254712345678');
  });
});
