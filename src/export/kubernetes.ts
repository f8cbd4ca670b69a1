import { shellScript } from '../os/shell.js';
import { checkImage, kubernetesApp, kubernetesComponents } from './kubernetes-names.js';
import { checkEnvName } from './names.js';
import { wholeSeconds, yamlQuote } from './quote.js';
import { renderTemplate } from './template.js';
import { type ExportContext, type Renderer, typesOf } from './types.js';

export const KUBERNETES_SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: {{secret}}
  labels:
{{labels}}
type: Opaque
data:
{{data_lines}}
`;

export const KUBERNETES_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{name}}
  labels:
{{labels}}
spec:
  replicas: {{replicas}}
  selector:
    matchLabels:
{{selector}}
  template:
    metadata:
      labels:
{{pod_labels}}
    spec:
      terminationGracePeriodSeconds: {{timeout}}
      containers:
        - name: {{container}}
          image: {{image}}
          command: [{{command}}]
          envFrom:
            - secretRef:
                name: {{secret}}
          env:
            - name: PORT
              value: {{port_value}}
            - name: PS
              value: {{ps}}
          ports:
            - containerPort: {{port}}
`;

export const KUBERNETES_SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: {{name}}
  labels:
{{labels}}
spec:
  selector:
{{labels}}
  ports:
    - port: {{port}}
      targetPort: {{port}}
`;

/**
 * Kubernetes expands `$(VAR)` in a container's command and env values, and
 * reads `$$` as `$`: every `$` is doubled so the shell gets the command as
 * written. (Values from a Secret through envFrom are not expanded.)
 */
export function kubernetesString(value: string): string {
  return yamlQuote(value.replaceAll('$', '$$$$'));
}

function labelLines(labels: Record<string, string>, indent: number): string {
  return Object.entries(labels)
    .map(([key, value]) => `${' '.repeat(indent)}${key}: ${yamlQuote(value)}`)
    .join('\n');
}

/**
 * One Secret with the env (the env files and PYTHONUNBUFFERED; base64, so
 * every byte is kept), then per process type a Deployment (replicas from the
 * formation, the command through /bin/sh -c, PORT and PS of the type) and a
 * Service on the type's PORT. All replicas of a type share its PORT, as in
 * compose; PS is the type.
 */
export const renderKubernetes: Renderer = (specs, context: ExportContext) => {
  const app = kubernetesApp(context.app);
  const image = checkImage(context.image);
  const types = typesOf(specs);
  const components = kubernetesComponents(
    app,
    types.map((t) => t.type),
  );
  const secret = `${app}-env`;
  const { PORT: _port, PS: _ps, ...env } = types[0]?.first.env ?? {};
  const docs = [
    renderTemplate(context.templates, 'secret.yaml', KUBERNETES_SECRET, {
      app,
      secret,
      labels: labelLines({ 'app.kubernetes.io/name': app }, 4),
      data_lines: Object.entries(env)
        .map(([name, value]) => `  ${checkEnvName(name, 'kubernetes')}: ${yamlQuote(Buffer.from(value, 'utf8').toString('base64'))}`)
        .join('\n'),
    }),
  ];
  for (const { type, count, first } of types) {
    const component = components.get(type) ?? type;
    const labels = { 'app.kubernetes.io/name': app, 'app.kubernetes.io/component': component };
    const vars = {
      app,
      type,
      name: `${app}-${component}`,
      container: component,
      secret,
      image: yamlQuote(image),
      command: ['/bin/sh', '-c', shellScript(first.command)].map(kubernetesString).join(', '),
      port: String(first.port),
      port_value: kubernetesString(String(first.port)),
      ps: kubernetesString(type),
      replicas: String(count),
      timeout: String(wholeSeconds(context.timeoutMs)),
      labels: labelLines(labels, 4),
      selector: labelLines(labels, 6),
      pod_labels: labelLines(labels, 8),
    };
    docs.push(renderTemplate(context.templates, 'deployment.yaml', KUBERNETES_DEPLOYMENT, vars));
    docs.push(renderTemplate(context.templates, 'service.yaml', KUBERNETES_SERVICE, vars));
  }
  const content = `# ${app}: exported by procman\n${docs.map((doc) => `---\n${doc.trimEnd()}\n`).join('')}`;
  return [{ path: `${app}.yaml`, content }];
};
