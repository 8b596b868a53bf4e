import { readTenantFile } from '../tenancy/tenant-file';

/** `ratiba tenant validate <file>`: the file checked as `tenant apply` would, nothing written. */
export async function tenantValidateCommand(path: string): Promise<number> {
  const file = await readTenantFile(path).catch((err: unknown) => {
    if ((err as { code?: unknown }).code === 'ENOENT') {
      console.error(`ratiba: tenant file ${path} not found`);
      return undefined;
    }
    throw err;
  });
  if (!file) return 1;
  const w = file.channels;
  console.log(
    `${path}: ok — tenant ${file.slug} (${file.name}), ${file.services.length} service(s), ` +
      `${file.staff.length} staff, channels: whatsapp ${w.whatsapp.length}, instagram ${w.instagram.length}, ` +
      `messenger ${w.messenger.length}, voice ${w.voice.length}`,
  );
  return 0;
}
