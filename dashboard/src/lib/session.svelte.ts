import { api, bootstrap, type ConsoleInfo } from './api';

/** The console session: mode (development or Keycloak), the tenants this operator may see. */
export const session = $state({
  ready: false,
  error: '',
  info: null as ConsoleInfo | null,
  tenants: [] as { slug: string; name: string; timezone: string; language: 'en' | 'sw' }[],
  tenant: '',
});

export async function startSession(): Promise<void> {
  try {
    session.info = await bootstrap();
    const { tenants } = await api.get<{ tenants: typeof session.tenants }>('/api/tenants');
    session.tenants = tenants;
    const saved = localStorage.getItem('ratiba.tenant');
    session.tenant = tenants.find((t) => t.slug === saved)?.slug ?? tenants[0]?.slug ?? '';
    session.ready = true;
  } catch (e) {
    session.error = e instanceof Error ? e.message : String(e);
  }
}

export function chooseTenant(slug: string): void {
  session.tenant = slug;
  localStorage.setItem('ratiba.tenant', slug);
}
