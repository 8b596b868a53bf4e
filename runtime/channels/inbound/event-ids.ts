/** Inbox event ids of Instagram / Messenger events. */
export const EVENT_PREFIX = { instagram: 'ig', messenger: 'fb' } as const;

/** The inbox event id of an Instagram / Messenger message: `ig:<mid>` / `fb:<mid>`. */
export const metaEventId = (channel: 'instagram' | 'messenger', mid: string) =>
  `${EVENT_PREFIX[channel]}:${mid}`;
