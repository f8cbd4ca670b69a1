import { ProcmanError } from '../errors.js';

/** Names that are safe as file names, unit names, labels and program names in every format. */
const APP = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const USER = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Shows a value on one line: quotes, escapes and control characters made visible. */
export function shown(value: string): string {
  return JSON.stringify(value);
}

export function checkAppName(app: string, fromRoot: boolean): string {
  if (APP.test(app) && !/\.\.|\.$/.test(app)) return app;
  const source = fromRoot ? ' (the root folder name)' : '';
  throw new ProcmanError(`invalid app name ${shown(app)}${source}: use letters, digits, ., _ and -, starting with a letter or digit`, {
    hint: 'name the app with -a, for example -a myapp',
  });
}

export function checkUser(user: string): string {
  if (USER.test(user)) return user;
  throw new ProcmanError(`invalid user name ${shown(user)}: use letters, digits, ., _ and -`, {
    hint: 'give -u a plain user name, for example -u deploy',
  });
}

/** Env var names a shell (or systemd) can carry: [A-Za-z_][A-Za-z0-9_]*. */
export function checkEnvName(name: string, format: string): string {
  if (ENV_NAME.test(name)) return name;
  throw new ProcmanError(`env var name ${shown(name)} cannot be exported to ${format}: expected [A-Za-z_][A-Za-z0-9_]*`, {
    hint: 'rename the variable in the env file',
  });
}

/** A value the target has no way to carry exactly. */
export function cannotCarry(what: string, value: string, format: string, why: string): ProcmanError {
  return new ProcmanError(`${what} ${shown(value)} cannot be exported to ${format}: ${why}`, {
    hint: 'change the value, or use another export format',
  });
}
