import { ProcmanError } from '../errors.js';

const PLACEHOLDER = /\{\{\s*([A-Za-z_]+)\s*\}\}/g;
const ALONE = /^\s*\{\{\s*([A-Za-z_]+)\s*\}\}\s*$/;

/**
 * Fills `{{name}}` placeholders in one pass (a value that contains `{{x}}`
 * stays as it is). Values arrive escaped for the target; the template only
 * places them. A line holding nothing but a placeholder whose value is empty
 * is dropped, so optional lines (like `User=`) leave no blank line.
 */
export function fillTemplate(template: string, vars: Record<string, string>, source: string): string {
  const lookup = (name: string): string => {
    const value = vars[name];
    if (value === undefined) {
      throw new ProcmanError(`${source}: unknown placeholder {{${name}}}`, {
        hint: `known placeholders: ${Object.keys(vars).join(', ')}`,
      });
    }
    return value;
  };
  const lines: string[] = [];
  for (const line of template.split('\n')) {
    const alone = ALONE.exec(line);
    if (alone && lookup(alone[1] ?? '') === '') continue;
    lines.push(line.replace(PLACEHOLDER, (_, name: string) => lookup(name)));
  }
  return lines.join('\n');
}

/** The template named `name`: the user's from --template, else the format's own. */
export function pickTemplate(templates: Record<string, string>, name: string, builtIn: string): [string, string] {
  const own = templates[name];
  return own === undefined ? [builtIn, `built-in template ${name}`] : [own, `template ${name}`];
}

/** Fills the template `name` (user's or built-in) with vars. */
export function renderTemplate(templates: Record<string, string>, name: string, builtIn: string, vars: Record<string, string>): string {
  const [text, source] = pickTemplate(templates, name, builtIn);
  return fillTemplate(text, vars, source);
}
