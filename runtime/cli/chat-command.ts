import { createInterface } from 'node:readline/promises';
import type { OutboundMessage } from '../../contract';

interface SimulatorAnswer {
  replies?: OutboundMessage[];
  status?: string;
  error?: string;
  message?: string;
}

function render(m: OutboundMessage): string {
  switch (m.kind) {
    case 'text':
      return m.text;
    case 'buttons':
      return `${m.text}\n${m.buttons.map((b, i) => `  [${i + 1}] ${b.title}`).join('\n')}`;
    case 'list':
      return `${m.text}\n${m.sections
        .flatMap((s) => s.rows)
        .map((r, i) => `  ${i + 1}. ${r.title}${r.description ? ` — ${r.description}` : ''}`)
        .join('\n')}`;
  }
}

/** A terminal chat with a running backend's simulator. A number taps the matching button. */
export async function chatCommand(o: {
  tenant: string;
  from: string;
  url: string;
}): Promise<number> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  let lastOptions: { id: string; title: string }[] = [];
  console.log(`chatting with ${o.tenant} as ${o.from} via ${o.url} (Ctrl+D to leave)`);
  try {
    for (;;) {
      let text: string;
      try {
        text = await rl.question('you> ');
      } catch {
        break;
      }
      const n = Number(text.trim());
      const tapped = Number.isInteger(n) && n >= 1 ? lastOptions[n - 1] : undefined;
      const res = await fetch(`${o.url}/api/simulator/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          tenant: o.tenant,
          from: o.from,
          text: tapped ? tapped.title : text,
          ...(tapped ? { replyId: tapped.id } : {}),
        }),
      }).catch((err: unknown) => {
        console.error(
          `cannot reach ${o.url}: ${(err as Error).message} (is \`npm start\` running?)`,
        );
        return undefined;
      });
      if (!res) return 1;
      const body = (await res.json()) as SimulatorAnswer;
      if (!res.ok) {
        console.error(`error: ${body.message ?? res.status}`);
        continue;
      }
      for (const m of body.replies ?? []) {
        console.log(`bot> ${render(m).replaceAll('\n', '\n     ')}`);
        lastOptions =
          m.kind === 'buttons'
            ? m.buttons
            : m.kind === 'list'
              ? m.sections.flatMap((s) => s.rows)
              : lastOptions;
      }
      if (body.status === 'timeout')
        console.log('(the reply is taking long; it will arrive later)');
    }
  } finally {
    rl.close();
  }
  return 0;
}
