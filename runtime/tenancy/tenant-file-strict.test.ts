/**
 * Regressions (issue 17): a tenant file with a misspelled key (`polcy:`) was accepted silently
 * (the policy quietly fell back to its defaults), and `duraton_min` was reported as a missing
 * `duration_min` without naming the typo. Every error names the file and the path.
 */
import { describe, expect, it } from 'vitest';
import { parseTenantFile } from './tenant-file';

const FILE = 'tenants/acme.yaml';
const parse = (yaml: string) => () => parseTenantFile(yaml, FILE);

describe('tenant file strictness', () => {
  it('refuses a misspelled top-level key and suggests the right one', () => {
    expect(parse('slug: acme\nname: Acme\npolcy:\n  lead_time_min: 30\n')).toThrow(
      /tenants\/acme\.yaml[\s\S]*polcy: unknown key \(did you mean "policy"\?\)/,
    );
  });

  it('names the typo of a nested key, beside the missing one it caused', () => {
    const yaml = `slug: acme
name: Acme
services:
  - id: cut
    name: { en: Haircut }
    duraton_min: 30
    price_kes: 500
`;
    expect(parse(yaml)).toThrow(
      /services\.0\.duraton_min: unknown key \(did you mean "duration_min"\?\)/,
    );
    expect(parse(yaml)).toThrow(/services\.0\.duration_min: /);
  });

  it('checks keys inside channels, staff hours and personality too', () => {
    const yaml = `slug: acme
name: Acme
channels:
  whatsapp:
    - phone_numberid: "123"
staff:
  - id: amina
    name: Amina
    hours: { mon: [{ open: "09:00", clsoe: "17:00" }] }
personality: { formalty: formal }
`;
    expect(parse(yaml)).toThrow(
      /channels\.whatsapp\.0\.phone_numberid: unknown key \(did you mean "phone_number_id"\?\)/,
    );
    expect(parse(yaml)).toThrow(
      /staff\.0\.hours\.mon\.0\.clsoe: unknown key \(did you mean "close"\?\)/,
    );
    expect(parse(yaml)).toThrow(
      /personality\.formalty: unknown key \(did you mean "formality"\?\)/,
    );
  });

  it('says nothing of a key far from every known one but still refuses it', () => {
    expect(parse('slug: acme\nname: Acme\nzzzzzzzz: 1\n')).toThrow(/zzzzzzzz: unknown key$/m);
  });

  it('accepts a correct file (the demo shape)', () => {
    const file = parseTenantFile('slug: acme\nname: Acme\npolicy:\n  lead_time_min: 30\n', FILE);
    expect(file.policy.lead_time_min).toBe(30);
  });

  it('refuses a B2C shortcode without the initiator that B2C refunds need', () => {
    const yaml = (initiator: string) => `slug: acme
name: Acme
payments:
  mpesa:
    b2c_shortcode: '600996'
${initiator}`;
    expect(parse(yaml(''))).toThrow(
      /payments\.mpesa: b2c_shortcode needs initiator_name and security_credential/,
    );
    const ok = parseTenantFile(
      yaml('    initiator_name: api\n    security_credential: enc\n'),
      FILE,
    );
    expect(ok.payments.mpesa.b2c_shortcode).toBe('600996');
  });
});
