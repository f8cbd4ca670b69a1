/**
 * Options as commander gives them (strings), and their conversion into the
 * typed settings of options.ts: done once, in cli.ts's actions. A repeatable
 * option is a list from the command line, one string from a defaults file.
 */
import {
  type CommonSettings,
  type ExportSettings,
  listOf,
  parseAfter,
  parseEnvList,
  parseFormationOption,
  parseOutputFormat,
  parsePortOption,
  parseReady,
  parseRestart,
  parseStopSignals,
  parseTimeout,
  parseTimeouts,
  parseTypeList,
  parseTypes,
  type RunSettings,
  type StartSettings,
} from './options.js';
import { parseWatch } from './watch/rules.js';

export interface CommonOptions {
  procfile?: string;
  root?: string;
  env?: string;
  expand: boolean;
}

export interface StartOptions extends CommonOptions {
  formation?: string;
  port?: string;
  timeout: string;
  color?: boolean;
  timestamp: boolean;
  restart?: string;
  canDie?: string;
  ready?: string | string[];
  after?: string | string[];
  stopSignal?: string | string[];
  portCheck: boolean;
  format: string;
  logDir?: string;
  markStderr?: boolean;
  quiet?: string;
  prefix: boolean;
  /** every --watch given, in order (a defaults file gives one string) */
  watch?: string | string[];
  control: boolean;
  tty?: string | boolean;
  stdin?: string;
}

export interface RunOptions extends CommonOptions {
  port?: string;
}

export interface ExportOptions extends CommonOptions {
  formation?: string;
  port?: string;
  timeout: string;
  app?: string;
  user?: string;
  log?: string;
  run?: string;
  template?: string;
  image?: string;
}

export function commonSettings({ procfile, root, env, expand }: CommonOptions): CommonSettings {
  return { procfile, root, env: env === undefined ? undefined : parseEnvList(env), expand };
}

function portSetting(port: string | undefined): number | undefined {
  return port === undefined ? undefined : parsePortOption(port);
}

export function startSettings(types: string[], options: StartOptions): StartSettings {
  const { timeoutMs, timeouts } = parseTimeouts(options.timeout);
  return {
    ...commonSettings(options),
    only: types,
    formation: parseFormationOption(options.formation),
    port: portSetting(options.port),
    timeoutMs,
    color: options.color,
    timestamps: options.timestamp,
    restart: options.restart === undefined ? undefined : parseRestart(options.restart),
    canDie: options.canDie === undefined ? undefined : parseTypes(options.canDie, '--can-die'),
    ready: options.ready === undefined ? undefined : parseReady(listOf(options.ready)),
    after: options.after === undefined ? undefined : parseAfter(listOf(options.after)),
    stopSignals: options.stopSignal === undefined ? undefined : parseStopSignals(listOf(options.stopSignal)),
    timeouts,
    portCheck: options.portCheck,
    format: parseOutputFormat(options.format),
    logDir: options.logDir,
    markStderr: options.markStderr ?? false,
    quiet: options.quiet === undefined ? [] : parseTypeList(options.quiet),
    prefix: options.prefix,
    watch: options.watch === undefined ? undefined : parseWatch(options.watch),
    control: options.control,
    tty: ttySetting(options.tty),
    stdin: options.stdin,
  };
}

/** --tty alone: every type; --tty web,repl: those. */
function ttySetting(tty: string | boolean | undefined): Set<string> | undefined {
  if (tty === undefined || tty === false) return undefined;
  return tty === true ? new Set(['all']) : parseTypes(tty, '--tty');
}

export function runSettings(options: RunOptions): RunSettings {
  return { ...commonSettings(options), port: portSetting(options.port) };
}

export function checkSettings(options: CommonOptions & { after?: string | string[] }) {
  return { ...commonSettings(options), after: options.after === undefined ? undefined : parseAfter(listOf(options.after)) };
}

export function exportSettings(options: ExportOptions): ExportSettings {
  const { app, user, log, run, template, image } = options;
  const timeoutMs = parseTimeout(options.timeout);
  return {
    ...commonSettings(options),
    formation: parseFormationOption(options.formation),
    port: portSetting(options.port),
    timeoutMs,
    app,
    user,
    log,
    run,
    template,
    image,
  };
}
