/** The name of the variable that marks every process of one procman run. */
export const TAG_VARIABLE = 'PROCMAN_ID';

/** A run tag unique among live processes: the pid is, and time and a random part guard against pid reuse. */
export function newRunTag(pid = process.pid, now = Date.now()): string {
  return `${pid}.${now.toString(36)}.${Math.random().toString(36).slice(2, 10)}`;
}
