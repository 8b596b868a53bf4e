import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database';
import { tenantSchema } from '../../contract/schema-name';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database';
import { CustomerDirectory, upsertCustomers } from './customers';

const schema = tenantSchema('demo');
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase({ demoTenant: true });
});
afterAll(() => t.drop());

describe('customers', () => {
  it('a group upsert answers in the order asked, one customer per phone, one identity per channel', async () => {
    const ids = await upsertCustomers(t.db, schema, [
      { phone: '+254700000002', channel: 'whatsapp' },
      { phone: '+254700000001', channel: 'whatsapp' },
      { phone: '+254700000002', channel: 'voice' },
      { phone: '+254700000002', channel: 'whatsapp' },
    ]);
    expect(ids[0]).toBe(ids[2]);
    expect(ids[0]).toBe(ids[3]);
    expect(ids[1]).not.toBe(ids[0]);
    const again = await upsertCustomers(t.db, schema, [{ phone: '+254700000001', channel: 'sms' }]);
    expect(again).toEqual([ids[1]]);
    const { rows } = await t.db.query<{ channel: string; external_id: string }>(
      `SELECT channel, external_id FROM t_demo.customer_identities
       WHERE external_id IN ('+254700000001', '+254700000002') ORDER BY external_id, channel`,
    );
    expect(rows.map((r) => `${r.external_id} ${r.channel}`)).toEqual([
      '+254700000001 sms',
      '+254700000001 whatsapp',
      '+254700000002 voice',
      '+254700000002 whatsapp',
    ]);
  });

  it('a burst of concurrent first contacts from two directories: same ids, few statements', async () => {
    let statements = 0;
    const counting: Database = {
      ...t.db,
      query: (text, values) => {
        statements++;
        return t.db.query(text, values);
      },
    };
    const a = new CustomerDirectory(counting);
    const b = new CustomerDirectory(counting);
    const phones = Array.from({ length: 300 }, (_, i) => `+2547010${String(i).padStart(5, '0')}`);
    const [fromA, fromB] = await Promise.all([
      Promise.all(phones.map((p) => a.resolve(schema, p, 'whatsapp'))),
      Promise.all([...phones].reverse().map((p) => b.resolve(schema, p, 'whatsapp'))),
    ]);
    expect(fromA).toEqual(fromB.reverse());
    expect(new Set(fromA).size).toBe(300);
    expect(statements).toBeLessThanOrEqual(8);
    // Cached: asking again costs nothing.
    await Promise.all(phones.map((p) => a.resolve(schema, p, 'whatsapp')));
    expect(statements).toBeLessThanOrEqual(8);
  });
});
