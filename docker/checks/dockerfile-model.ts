/**
 * docker/Dockerfile as data (parsed by dockerfile-ast, the parser of the VS Code Docker
 * language server): stages with their instructions, ARG defaults resolved in FROM lines.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { REPO_ROOT } from './compose-files';

export const DOCKERFILE = resolve(REPO_ROOT, 'docker/Dockerfile');

export interface Step {
  keyword: string;
  /** Arguments without flags; exec-form JSON arrays parsed. */
  args: string[];
  /** `--from=build` -> { from: 'build' }. */
  flags: Record<string, string>;
  text: string;
  line: number;
}

export interface Stage {
  name: string;
  image: string;
  steps: Step[];
}

function stepOf(i: Instruction): Step {
  const text = i.getArgumentsContent() ?? '';
  const flags: Record<string, string> = {};
  const withFlags = i as Instruction & {
    getFlags?: () => { getName(): string; getValue(): string | null }[];
  };
  for (const f of withFlags.getFlags?.() ?? []) flags[f.getName()] = f.getValue() ?? '';
  let args = i.getArguments().map((a) => a.getValue());
  const trimmed = text.trim();
  const body = trimmed.replace(/^(--\S+\s+)+/, '');
  if (body.startsWith('[')) {
    try {
      args = JSON.parse(body) as string[];
    } catch {
      // not exec form after all; keep the shell words
    }
  }
  args = args.filter((a) => !a.startsWith('--') || !(a.slice(2).split('=')[0]! in flags));
  return { keyword: i.getKeyword(), args, flags, text, line: i.getRange().start.line + 1 };
}

export function readDockerfile(path = DOCKERFILE): {
  text: string;
  stages: Stage[];
  args: Record<string, string>;
} {
  const text = readFileSync(path, 'utf8');
  const doc = DockerfileParser.parse(text);
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const i of doc.getInstructions()) {
    const step = stepOf(i);
    if (step.keyword === 'FROM') {
      const [image = '', as, name] = step.args;
      const resolved = image.replace(/\$\{(\w+)\}/g, (_m, v: string) => globalArgs[v] ?? '');
      stages.push({
        name: as?.toUpperCase() === 'AS' && name ? name : String(stages.length),
        image: resolved,
        steps: [],
      });
      continue;
    }
    const current = stages.at(-1);
    if (!current && step.keyword === 'ARG') {
      const [k, v = ''] = (step.args[0] ?? '').split('=');
      if (k) globalArgs[k] = v;
      continue;
    }
    current?.steps.push(step);
  }
  return { text, stages, args: globalArgs };
}
