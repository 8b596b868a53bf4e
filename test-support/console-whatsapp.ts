import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeGraphServer, type FakeGraphServer } from '../adapters/whatsapp/testing';
import { tenantSchema } from '../contract';
import type { Runtime } from '../runtime/app';
import { DEMO_TENANT_FILE } from '../runtime/config';
import { readTenantFile } from '../runtime/tenancy/tenant-file';
import { PHONE_NUMBER_ID, SECRET, sign, WA_TOKEN, waText } from './channel-test-kit';
import { eventually } from './test-runtime';

/**
 * WhatsApp for a console test: a fake Graph API and the demo tenant bound to the channel test
 * kit's number. Pass `env` to `startConsoleServer`; `send` posts a signed message webhook. The
 * console's delivery states are those of real channel replies: the simulator's replies go to its
 * caller and the journal, with no outbox row behind them (issue 19).
 */
export interface ConsoleWhatsApp {
  graph: FakeGraphServer;
  env: Record<string, string>;
  /** A customer's text from `waId` (digits); resolves to their thread key once it exists. */
  send(rt: Runtime, id: string, waId: string, text: string): Promise<string>;
  close(): Promise<void>;
}

export async function startConsoleWhatsApp(): Promise<ConsoleWhatsApp> {
  const graph = await startFakeGraphServer({ accessToken: WA_TOKEN });
  const demo = await readTenantFile(DEMO_TENANT_FILE);
  const dir = mkdtempSync(join(tmpdir(), 'ratiba-console-wa-'));
  const file = join(dir, 'demo.yaml');
  // YAML reads JSON: the demo tenant with the kit's number and its access token.
  const whatsapp = [{ phone_number_id: PHONE_NUMBER_ID, access_token: WA_TOKEN }];
  writeFileSync(file, JSON.stringify({ ...demo, channels: { ...demo.channels, whatsapp } }));
  return {
    graph,
    env: {
      RATIBA_DEMO_TENANT: file,
      META_APP_SECRET: SECRET,
      META_VERIFY_TOKEN: 'verify-me',
      META_GRAPH_URL: graph.url,
    },
    async send(rt, id, waId, text) {
      const doc = JSON.parse(waText(id, waId, text)) as {
        entry: { changes: { value: { messages: { timestamp: string }[] } }[] }[];
      };
      const message = doc.entry[0]!.changes[0]!.value.messages[0]!;
      message.timestamp = String(Math.floor(Date.now() / 1000));
      const body = JSON.stringify(doc);
      const res = await fetch(`${rt.http.url}/webhooks/whatsapp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body) },
        body,
      });
      if (res.status !== 200) throw new Error(`whatsapp webhook answered ${res.status}`);
      return eventually(async () => {
        const { rows } = await rt.db.query<{ id: string }>(
          `SELECT id FROM ${tenantSchema('demo')}.customers WHERE phone = $1`,
          [`+${waId}`],
        );
        return rows[0] ? `c:${rows[0].id}` : undefined;
      });
    },
    async close() {
      await graph.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
