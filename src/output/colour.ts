import { fstatSync } from 'node:fs';
import type { Colourer } from './types.js';

/** Foreman's palette, in Procfile order; `system` is bright white. */
const PALETTE = [
  'cyan',
  'yellow',
  'green',
  'magenta',
  'red',
  'blue',
  'cyanBright',
  'yellowBright',
  'greenBright',
  'magentaBright',
  'redBright',
  'blueBright',
] as const;

export interface ColourChoice {
  /** -c/--color: true; --no-color: false; neither: undefined */
  flag: boolean | undefined;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
}

/**
 * Whether to colour: --no-color, then --color, then NO_COLOR (set and
 * non-empty), then chalk's own detection (FORCE_COLOR, TTY, TERM=dumb).
 * Returns 'detect' when only chalk can tell, so chalk is loaded only then.
 */
export function chooseColour({ flag, env, isTTY }: ColourChoice): 'off' | 'on' | 'detect' {
  if (flag === false) return 'off';
  if (flag === true) return 'on';
  if (env.NO_COLOR) return 'off';
  if (!isTTY && env.FORCE_COLOR === undefined) return 'off';
  return 'detect';
}

/** A colourer for these process types (in Procfile order), or undefined for plain output. */
export async function makeColourer(types: string[], choice: ColourChoice): Promise<Colourer | undefined> {
  const decision = chooseColour(choice);
  if (decision === 'off') return undefined;
  const { Chalk, supportsColor } = await import('chalk');
  const detected = supportsColor ? supportsColor.level : 0;
  const level = decision === 'on' ? Math.max(detected, 1) : detected;
  if (level === 0) return undefined;
  const chalk = new Chalk({ level: level as 1 | 2 | 3 });
  return (type, text) => {
    if (type === 'system') return chalk.whiteBright(text);
    const index = types.indexOf(type);
    const name = PALETTE[(index === -1 ? 0 : index) % PALETTE.length] ?? 'white';
    return chalk[name](text);
  };
}

/**
 * Whether fd 1 may be a terminal: a character device. Pipes and files (npm
 * scripts, CI, `| less`) are answered without loading node:tty; for a
 * character device chalk's own check (isatty) decides.
 */
export const stdoutIsTTY = (): boolean => {
  try {
    return fstatSync(1).isCharacterDevice();
  } catch {
    return false;
  }
};
