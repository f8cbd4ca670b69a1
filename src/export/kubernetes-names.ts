import { ProcmanError } from '../errors.js';
import { shown } from './names.js';

/**
 * Kubernetes names: a Service name is an RFC 1035 label (lower-case letters,
 * digits and `-`, starting with a letter, at most 63 characters); container
 * names and label values fit in that too.
 */
const LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** a container name and label value: an RFC 1123 label (may start with a digit) */
const COMPONENT = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MAX = 63;

/** The app name as the prefix of every Kubernetes name. */
export function kubernetesApp(app: string): string {
  if (LABEL.test(app) && app.length <= MAX) return app;
  const suggestion = app
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/^[^a-z]+|-+$/g, '');
  throw new ProcmanError(
    `app name ${shown(app)} is not a valid Kubernetes name: use lower-case letters, digits and -, starting with a letter`,
    { hint: `name the app with -a, for example -a ${suggestion || 'myapp'}` },
  );
}

/** Each process type's Kubernetes name (`web_api` is `web-api`), refusing what cannot be one, or two that collide. */
export function kubernetesComponents(app: string, types: string[]): Map<string, string> {
  const components = new Map<string, string>();
  const taken = new Map<string, string>();
  for (const type of types) {
    const component = type.toLowerCase().replaceAll('_', '-');
    if (!COMPONENT.test(component)) {
      throw new ProcmanError(`process type ${shown(type)} cannot be a Kubernetes name: ${shown(component)}`, {
        hint: 'rename it in the Procfile with letters and digits, for example web or worker2',
      });
    }
    const other = taken.get(component);
    if (other !== undefined) {
      throw new ProcmanError(`process types ${shown(other)} and ${shown(type)} both become the Kubernetes name ${shown(component)}`, {
        hint: 'rename one of them in the Procfile',
      });
    }
    const name = `${app}-${component}`;
    if (name.length > MAX) {
      throw new ProcmanError(`Kubernetes name ${shown(name)} is longer than ${MAX} characters`, {
        hint: 'use a shorter app name with -a, or a shorter process type',
      });
    }
    taken.set(component, type);
    components.set(type, component);
  }
  return components;
}

/** An image reference: refused only when it has whitespace or control characters (the registry judges the rest). */
export function checkImage(image: string | undefined): string {
  if (image === undefined) {
    throw new ProcmanError('the kubernetes export needs the image to run: --image NAME', {
      hint: 'build and push an image of the app, then for example --image registry.example.com/myapp:1.0',
    });
  }
  if (image === '' || /[\s\u0000-\u001f\u007f]/.test(image)) {
    throw new ProcmanError(`invalid image ${shown(image)}: expected a name like registry.example.com/myapp:1.0`, {
      hint: 'give --image the reference docker push printed',
    });
  }
  return image;
}
