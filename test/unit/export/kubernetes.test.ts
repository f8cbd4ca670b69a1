import { describe, expect, it } from 'vitest';
import { renderKubernetes } from '../../../src/export/kubernetes.js';
import { kubernetesComponents } from '../../../src/export/kubernetes-names.js';
import { context, demoSpecs, spec } from './specs.js';

const image = 'registry.example.com/demo:1.0';

describe('renderKubernetes', () => {
  it('writes a Secret, then a Deployment and a Service per type (golden)', () => {
    const specs = [spec('web', 1, 'node web.js', 5000, { SECRET: 'é' }), spec('web', 2, 'node web.js', 5001, { SECRET: 'é' })];
    const files = renderKubernetes(specs, context({ timeoutMs: 2500, image }));
    expect(files.map((f) => f.path)).toEqual(['demo.yaml']);
    expect(files[0]?.content).toBe(`# demo: exported by procman
---
apiVersion: v1
kind: Secret
metadata:
  name: demo-env
  labels:
    app.kubernetes.io/name: "demo"
type: Opaque
data:
  SECRET: "w6k="
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: demo-web
  labels:
    app.kubernetes.io/name: "demo"
    app.kubernetes.io/component: "web"
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: "demo"
      app.kubernetes.io/component: "web"
  template:
    metadata:
      labels:
        app.kubernetes.io/name: "demo"
        app.kubernetes.io/component: "web"
    spec:
      terminationGracePeriodSeconds: 3
      containers:
        - name: web
          image: "registry.example.com/demo:1.0"
          command: ["/bin/sh", "-c", "exec node web.js"]
          envFrom:
            - secretRef:
                name: demo-env
          env:
            - name: PORT
              value: "5000"
            - name: PS
              value: "web"
          ports:
            - containerPort: 5000
---
apiVersion: v1
kind: Service
metadata:
  name: demo-web
  labels:
    app.kubernetes.io/name: "demo"
    app.kubernetes.io/component: "web"
spec:
  selector:
    app.kubernetes.io/name: "demo"
    app.kubernetes.io/component: "web"
  ports:
    - port: 5000
      targetPort: 5000
`);
  });

  it('doubles every $ in the command against Kubernetes $(VAR) expansion, and quotes YAML', () => {
    const [file] = renderKubernetes([spec('web', 1, 'echo "$(PORT) $$ $PORT" # x', 5000)], context({ image }));
    expect(file?.content).toContain('command: ["/bin/sh", "-c", "exec echo \\"$$(PORT) $$$$ $$PORT\\" # x"]\n');
  });

  it('one Deployment and Service per type, in Procfile order', () => {
    const [file] = renderKubernetes(demoSpecs, context({ image }));
    expect([...(file?.content ?? '').matchAll(/^kind: (\w+)\nmetadata:\n {2}name: (\S+)$/gm)].map((m) => `${m[1]} ${m[2]}`)).toEqual([
      'Secret demo-env',
      'Deployment demo-web',
      'Service demo-web',
      'Deployment demo-worker',
      'Service demo-worker',
    ]);
  });

  it('needs an image, an app name Kubernetes accepts, and env names a container can carry', () => {
    expect(() => renderKubernetes(demoSpecs, context())).toThrow('the kubernetes export needs the image to run: --image NAME');
    expect(() => renderKubernetes(demoSpecs, context({ image: 'a b' }))).toThrow('invalid image "a b"');
    expect(() => renderKubernetes(demoSpecs, context({ image, app: '1app' }))).toThrow('app name "1app" is not a valid Kubernetes name');
    expect(() => renderKubernetes([spec('web', 1, 'x', 5000, { 'A.B': '1' })], context({ image }))).toThrow(
      'env var name "A.B" cannot be exported to kubernetes',
    );
  });
});

describe('kubernetesComponents', () => {
  it('lower-cases types and turns _ into -', () => {
    expect([...kubernetesComponents('app', ['Web', 'web_api', 'worker-2'])]).toEqual([
      ['Web', 'web'],
      ['web_api', 'web-api'],
      ['worker-2', 'worker-2'],
    ]);
  });

  it('refuses a type that cannot be a name, two that collide, and a name over 63 characters', () => {
    expect(() => kubernetesComponents('app', ['web_'])).toThrow('process type "web_" cannot be a Kubernetes name: "web-"');
    expect(() => kubernetesComponents('app', ['web_a', 'web-a'])).toThrow(
      'process types "web_a" and "web-a" both become the Kubernetes name "web-a"',
    );
    expect(() => kubernetesComponents('a'.repeat(60), ['web'])).toThrow('is longer than 63 characters');
  });
});
