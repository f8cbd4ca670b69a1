import type * as Yaml from 'yaml';
import type { Problem } from '../problems.js';
import { requireFrom } from '../require-cjs.js';

/** A YAML value with the line it starts on: what the defaults files are read into. */
export type YamlValue =
  | { kind: 'scalar'; line: number; value: string | number | boolean | null }
  | { kind: 'list'; line: number; items: YamlValue[] }
  | { kind: 'map'; line: number; entries: YamlEntry[] };

export interface YamlEntry {
  key: string;
  line: number;
  value: YamlValue;
}

export interface YamlResult {
  /** undefined for an empty document (nothing but comments) */
  root?: YamlValue;
  problems: Problem[];
}

let loaded: typeof Yaml | undefined;
/** `yaml` takes ~30 ms to load: only a folder with a defaults file pays for it. */
const yaml = (): typeof Yaml => {
  loaded ??= requireFrom<typeof Yaml>(import.meta.url, 'yaml');
  return loaded;
};

/**
 * Parses one YAML document into values with line numbers. YAML 1.2 unless
 * told (`.foreman` is read as 1.1, as Ruby reads it: `yes` is true). Syntax
 * errors and duplicate keys are problems at their line; aliases are refused
 * rather than expanded.
 */
export function parseYaml(text: string, { file, version = '1.2' }: { file: string; version?: '1.1' | '1.2' }): YamlResult {
  const { LineCounter, parseDocument, isAlias, isMap, isScalar, isSeq } = yaml();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, version });
  const lineOf = (offset: number | undefined): number => lines.linePos(offset ?? 0).line;
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((error) => ({
        file,
        line: lineOf(error.code === 'MISSING_CHAR' || error.code === 'BAD_INDENT' ? openedAt(doc, error.pos[0]) : error.pos[0]),
        message: `invalid YAML: ${lowerFirst(error.message.split('\n')[0] ?? '')}`,
        hint: error.code === 'DUPLICATE_KEY' ? 'give each key once' : 'check the indentation and the quotes on this line',
      })),
    };
  }
  const problems: Problem[] = [];
  const convert = (node: unknown, line: number): YamlValue => {
    const at = isScalar(node) || isMap(node) || isSeq(node) || isAlias(node) ? lineOf(node.range?.[0]) : line;
    if (isMap(node)) {
      const entries = node.items.map((pair) => {
        const keyLine = isScalar(pair.key) ? lineOf(pair.key.range?.[0]) : at;
        const key = isScalar(pair.key) ? String(pair.key.value ?? '') : String(pair.key);
        return { key, line: keyLine, value: convert(pair.value, keyLine) };
      });
      return { kind: 'map', line: at, entries };
    }
    if (isSeq(node)) return { kind: 'list', line: at, items: node.items.map((item) => convert(item, at)) };
    if (isAlias(node)) {
      problems.push({ file, line: at, message: `an alias (*${node.source}) in a defaults file`, hint: 'write the value out instead' });
      return { kind: 'scalar', line: at, value: null };
    }
    if (isScalar(node)) {
      const { value } = node;
      const plain = value === null || ['string', 'number', 'boolean'].includes(typeof value);
      // a YAML 1.1 date or binary is kept as written
      return { kind: 'scalar', line: at, value: plain ? (value as string | number | boolean | null) : (node.source ?? String(value)) };
    }
    return { kind: 'scalar', line: at, value: null };
  };
  if (doc.contents === null) return { problems };
  const root = convert(doc.contents, 1);
  return { root, problems };
}

/**
 * An unclosed quote or flow collection is reported where the text ends; this
 * finds where it was opened: the innermost quoted scalar, `[` or `{` that
 * runs up to `offset`.
 */
function openedAt(doc: Yaml.Document, offset: number): number {
  let start = offset;
  let best = -1;
  yaml().visit(doc, {
    Node(_, node) {
      const [from, , to] = node.range ?? [-1, -1, -1];
      const quoted = yaml().isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
      const flow = (yaml().isMap(node) || yaml().isSeq(node)) && node.flow === true;
      if ((quoted || flow) && from < offset && offset <= to && from > best) {
        best = from;
        start = from;
      }
    },
  });
  return start;
}

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);
