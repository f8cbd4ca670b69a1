import { basename, join, resolve } from 'node:path';
import { ProcmanError } from '../errors.js';
import { formatNamed } from '../export/formats.js';
import { checkAppName, checkUser } from '../export/names.js';
import type { ExportContext } from '../export/types.js';
import { readTemplates, writeExportFiles } from '../export/write.js';
import type { Io } from '../io.js';
import type { ExportSettings } from '../options.js';
import { reportProblem } from '../problems.js';
import { loadProject, specsFor } from '../project/project.js';

/**
 * `procman export FORMAT LOCATION`: renders the format's files (pure) and
 * writes them. The exported env is the env files plus PORT, PS and
 * PYTHONUNBUFFERED=1, never procman's own environment (so `${VAR}` in the env
 * files sees only the env files; a warning names a reference to nothing).
 */
export async function exportCommand(formatName: string, location: string, settings: ExportSettings, io: Io): Promise<number> {
  const format = formatNamed(formatName);
  const project = loadProject({ ...settings, cwd: io.cwd, environment: {} });
  for (const warning of project.warnings) io.stderr.write(reportProblem(warning, { warning: true }));
  const specs = specsFor(project, { formation: settings.formation, port: settings.port, baseEnv: {} });
  if (specs.length === 0) {
    throw new ProcmanError('nothing to export: the formation runs no process', { hint: 'check -m, for example -m all=1' });
  }
  const context: ExportContext = {
    app: checkAppName(settings.app ?? basename(project.paths.root), settings.app === undefined),
    root: project.paths.root,
    user: settings.user === undefined ? undefined : checkUser(settings.user),
    logDir: settings.log === undefined ? undefined : resolve(io.cwd, settings.log),
    timeoutMs: settings.timeoutMs,
    image: settings.image,
    templates: settings.template === undefined ? {} : readTemplates(resolve(io.cwd, settings.template), format.templates, formatName),
  };
  if (settings.run !== undefined) io.stderr.write(`procman: note: -r/--run is not used by the ${formatName} format\n`);
  const unused = [
    settings.log !== undefined && !format.uses.log && '-l/--log',
    settings.user !== undefined && !format.uses.user && '-u/--user',
    settings.image !== undefined && !format.uses.image && '--image',
  ];
  for (const option of unused) if (option) io.stderr.write(`procman: note: ${option} is not used by the ${formatName} format\n`);
  const files = format.render(specs, context);
  const { written, removed } = writeExportFiles(resolve(io.cwd, location), files, { format: formatName, app: context.app }, location);
  for (const path of written) io.stdout.write(`wrote ${join(location, path)}\n`);
  for (const path of removed) io.stdout.write(`removed ${join(location, path)}\n`);
  return 0;
}
