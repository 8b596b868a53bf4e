import { describe, expect, it } from 'vitest';
import { parseCatalogCsv } from './catalog-csv';
import { planImport, serviceIdFor } from './catalog-import';
import { currentWithHaircut } from './testing/catalog-kit';

// Baraka and Wanjiku cut hair; Gone has left.
const current = currentWithHaircut(
  ['baraka', 'wanjiku'],
  ['wanjiku', 'baraka', 'gone'].map((id) => ({ id, active: id !== 'gone' })),
);
const plan = (csv: string) => {
  const { rows, problems } = parseCatalogCsv(csv);
  expect(problems).toEqual([]);
  return planImport(rows, current);
};

describe('import plan', () => {
  it('matches a service by name, keeps what the file does not say, and lists what changes', () => {
    const p = plan('name,duration,price\nhaircut,30,900\n');
    expect(p.counts).toEqual({ create: 0, update: 1, unchanged: 0 });
    expect(p.services[0]).toMatchObject({
      action: 'update',
      changes: ['name_en', 'price_kes_minor'],
      staff: undefined,
      values: {
        id: 'haircut',
        name_sw: 'Kunyoa nywele',
        buffer_min: 10,
        aliases: ['cut'],
        price_kes_minor: 90_000,
      },
    });
  });

  it('is idempotent: the catalog as it is plans no change', () => {
    const p = plan('id,name,duration,price,staff\nhaircut,Haircut,30,800,wanjiku; baraka\n');
    expect(p.counts).toEqual({ create: 0, update: 0, unchanged: 1 });
  });

  it('creates new services offered by every active staff member unless the file names them', () => {
    const p = plan(
      'name,duration,price,staff\nBox Braids (Long),210,4500,\nGel polish,45,1200,wanjiku\n',
    );
    expect(p.services.map((s) => [s.values.id, s.action, s.staff])).toEqual([
      ['box-braids-long', 'create', ['wanjiku', 'baraka']],
      ['gel-polish', 'create', ['wanjiku']],
    ]);
    expect(p.services[0]!.values).toMatchObject({
      category: 'general',
      buffer_min: 0,
      active: true,
    });
  });

  it('reports a service named twice, and staff who are unknown or inactive, by line', () => {
    const { rows } = parseCatalogCsv(
      'id,name,duration,price,staff\ncut,Cut,30,500,\ncut,Cut again,30,500,\nx,X,30,1,gone\ny,Y,30,1,nobody\n',
    );
    expect(planImport(rows, current).problems).toEqual([
      { line: 3, column: 'id', message: 'service cut is already on line 2' },
      { line: 4, column: 'staff', message: 'no active staff member gone' },
      { line: 5, column: 'staff', message: 'no active staff member nobody' },
    ]);
  });

  it('never takes the id of another service for a new name', () => {
    const p = plan('name,duration,price\nHair-cut!,30,500\n');
    // "Hair-cut!" is not "Haircut"; its id must not overwrite haircut.
    expect(serviceIdFor('Hair-cut!')).toBe('hair-cut');
    expect(p.services[0]).toMatchObject({ action: 'create', values: { id: 'hair-cut' } });
    const clash = planImport(parseCatalogCsv('name,duration,price\nHaircut!!,30,500\n').rows, {
      ...current,
      services: [{ ...current.services[0]!, name_en: 'Men cut' }],
    });
    expect(clash.services[0]!.values.id).toBe('haircut-2');
  });
});
