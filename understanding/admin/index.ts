/** The owner's side of understanding: admin commands in English and Swahili. */
export { createAdminParser, type AdminParser, type AdminParseContext } from './admin-parser';
export type { AdminCatalog } from './admin-names';
