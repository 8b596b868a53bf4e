/**
 * What the Cloud API would refuse in a `/messages` request body, written independently of the
 * renderer from the limits in the fixtures README ("WhatsApp sending limits"). The fake Graph
 * server answers 400 / 131009 when this finds anything, and the render property test asserts it
 * finds nothing.
 */

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

class Checker {
  readonly problems: string[] = [];

  text(path: string, value: unknown, max: number, required = true): string | undefined {
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'string') {
      this.problems.push(`${path}: expected a string`);
      return undefined;
    }
    if (value.trim() === '') this.problems.push(`${path}: empty`);
    if (value.length > max) this.problems.push(`${path}: ${value.length} > ${max} characters`);
    if (LONE_SURROGATE.test(value)) this.problems.push(`${path}: lone surrogate`);
    return value;
  }

  distinct(path: string, values: readonly unknown[]): void {
    if (new Set(values).size !== values.length) this.problems.push(`${path}: duplicates`);
  }

  fail(problem: string): void {
    this.problems.push(problem);
  }
}

export function whatsAppSendBodyViolations(body: unknown): string[] {
  const c = new Checker();
  if (!isObject(body)) return ['body: not an object'];
  if (body.messaging_product !== 'whatsapp') c.fail('messaging_product: must be "whatsapp"');
  if (body.status === 'read') {
    c.text('message_id', body.message_id, 1000);
    return c.problems;
  }
  c.text('to', body.to, 32);
  switch (body.type) {
    case 'text':
      checkText(c, body.text);
      break;
    case 'interactive':
      checkInteractive(c, body.interactive);
      break;
    case 'template':
      checkTemplate(c, body.template);
      break;
    default:
      c.fail(`type: unsupported ${String(body.type)}`);
  }
  return c.problems;
}

function checkText(c: Checker, text: unknown): void {
  if (!isObject(text)) return c.fail('text: missing');
  c.text('text.body', text.body, 4096);
  if (text.preview_url !== undefined && typeof text.preview_url !== 'boolean') {
    c.fail('text.preview_url: not a boolean');
  }
}

function checkInteractive(c: Checker, interactive: unknown): void {
  if (!isObject(interactive)) return c.fail('interactive: missing');
  const isButtons = interactive.type === 'button';
  if (!isButtons && interactive.type !== 'list') return c.fail('interactive.type: unsupported');
  c.text(
    'interactive.body.text',
    isObject(interactive.body) ? interactive.body.text : undefined,
    isButtons ? 1024 : 4096,
  );
  if (interactive.header !== undefined) {
    const header = isObject(interactive.header) ? interactive.header : {};
    if (header.type !== 'text') c.fail('interactive.header.type: expected text');
    c.text('interactive.header.text', header.text, 60);
  }
  if (interactive.footer !== undefined) {
    const footer = isObject(interactive.footer) ? interactive.footer : {};
    c.text('interactive.footer.text', footer.text, 60);
  }
  const action = isObject(interactive.action) ? interactive.action : {};
  if (isButtons) checkButtons(c, action.buttons);
  else checkList(c, action);
}

function checkButtons(c: Checker, buttons: unknown): void {
  if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3) {
    return c.fail('action.buttons: 1 to 3 buttons');
  }
  const ids: unknown[] = [];
  const titles: unknown[] = [];
  buttons.forEach((button: unknown, i) => {
    const b = isObject(button) ? button : {};
    if (b.type !== 'reply') c.fail(`buttons.${i}.type: expected reply`);
    const reply = isObject(b.reply) ? b.reply : {};
    ids.push(c.text(`buttons.${i}.reply.id`, reply.id, 256));
    titles.push(c.text(`buttons.${i}.reply.title`, reply.title, 20));
  });
  c.distinct('buttons ids', ids);
  c.distinct('buttons titles', titles);
}

function checkList(c: Checker, action: Json): void {
  c.text('action.button', action.button, 20);
  const sections = action.sections;
  if (!Array.isArray(sections) || sections.length < 1 || sections.length > 10) {
    return c.fail('action.sections: 1 to 10 sections');
  }
  const ids: unknown[] = [];
  sections.forEach((section: unknown, s) => {
    const sec = isObject(section) ? section : {};
    c.text(`sections.${s}.title`, sec.title, 24, sections.length > 1);
    const rows = Array.isArray(sec.rows) ? (sec.rows as unknown[]) : [];
    if (rows.length === 0) c.fail(`sections.${s}.rows: empty`);
    rows.forEach((row, r) => {
      const x = isObject(row) ? row : {};
      ids.push(c.text(`sections.${s}.rows.${r}.id`, x.id, 200));
      c.text(`sections.${s}.rows.${r}.title`, x.title, 24);
      c.text(`sections.${s}.rows.${r}.description`, x.description, 72, false);
    });
  });
  if (ids.length > 10) c.fail(`rows: ${ids.length} > 10 in total`);
  c.distinct('row ids', ids);
}

function checkTemplate(c: Checker, template: unknown): void {
  if (!isObject(template)) return c.fail('template: missing');
  const name = c.text('template.name', template.name, 512);
  if (name !== undefined && !/^[a-z0-9_]+$/.test(name)) c.fail('template.name: invalid');
  const language = isObject(template.language) ? template.language : {};
  c.text('template.language.code', language.code, 16);
  const components = Array.isArray(template.components) ? (template.components as unknown[]) : [];
  components.forEach((component, i) => {
    const params =
      isObject(component) && Array.isArray(component.parameters) ? component.parameters : [];
    params.forEach((param: unknown, p) => {
      const text = c.text(
        `components.${i}.parameters.${p}.text`,
        isObject(param) ? param.text : undefined,
        1024,
      );
      if (text !== undefined && (/[\n\t]/.test(text) || / {5,}/.test(text))) {
        c.fail(`components.${i}.parameters.${p}.text: new line, tab or 5+ spaces (132018)`);
      }
    });
  });
}
