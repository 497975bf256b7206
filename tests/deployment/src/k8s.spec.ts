import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { finalStage, stageUser } from './dockerfile';
import {
  configMapVolumeFiles,
  Container,
  DeploymentSpec,
  exampleSecrets,
  findObject,
  generatedConfigMap,
  HttpProbe,
  kustomizedObjects,
  PodSpec,
  readKustomization,
  ServiceSpec,
} from './k8s-manifests';
import {
  appDefaultPort,
  imageRepository,
  K8S,
  readDockerfile,
  readYaml,
  SECRET_NAME,
  SERVICE_APPS,
  userId,
} from './repo-files';

const objects = kustomizedObjects();
const kustomization = readKustomization();

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('docker/k8s/kustomization.yaml', () => {
  it('applies every manifest in docker/k8s except the Secret example', () => {
    const manifests = readdirSync(K8S).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(manifests.filter((f) => f !== 'secret.example.yaml').sort());
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  it('turns every file of docker/k8s/config into the config ConfigMap', () => {
    const sources = Object.values(generatedConfigMap('tidemark-config')).sort();
    expect(sources).toEqual(filesUnder(join(K8S, 'config')).sort());
  });

  it('pins a tag other than latest for each service image', () => {
    for (const app of SERVICE_APPS) {
      const image = kustomization.images?.find((i) => i.name === `tidemark/${app}`);
      expect(image?.newTag).toMatch(/^[\w.-]+$/);
      expect(image?.newTag).not.toBe('latest');
    }
  });
});

describe.each(SERVICE_APPS)('the %s Deployment and Service', (app) => {
  const deployment = findObject(objects, 'Deployment', app).spec as DeploymentSpec;
  const pod: PodSpec = deployment.template.spec;
  const [container]: Container[] = pod.containers;
  const port = appDefaultPort(app);
  const env = Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value]));

  it("runs the app's image on the port its main.ts and Dockerfile name, on every interface", () => {
    expect(pod.containers).toHaveLength(1);
    expect(imageRepository(container.image)).toBe(`tidemark/${app}`);
    expect(container.ports).toEqual([{ name: 'http', containerPort: port }]);
    expect(env).toMatchObject({ PORT: String(port), HOST: '0.0.0.0' });
  });

  it('probes liveness on /health and readiness on /ready, by HTTP GET on the container port', () => {
    const paths = [container.startupProbe, container.livenessProbe, container.readinessProbe].map(
      (probe: HttpProbe | undefined) => {
        expect(probe?.httpGet?.port).toBe('http');
        return probe?.httpGet?.path;
      },
    );
    expect(paths).toEqual(['/health', '/health', '/ready']);
  });

  it("tells Prometheus where the pod's metrics are", () => {
    expect(deployment.template.metadata.annotations).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': String(port),
      'prometheus.io/path': '/metrics',
    });
  });

  it('requests and limits CPU and memory', () => {
    expect(container.resources?.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.resources?.limits).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
  });

  it("runs as the image's non-root user, read-only, writing only to emptyDir volumes the config points at", () => {
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: userId(stageUser(finalStage(readDockerfile(app)))),
    });
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    const writable = (container.volumeMounts ?? [])
      .filter((m) => pod.volumes?.find((v) => v.name === m.name)?.emptyDir !== undefined)
      .map((m) => m.mountPath);
    const config = readYaml<{ workDirectory: string; logDirectory: string }>(join(K8S, 'config/tidemark.yml'));
    for (const dir of [config.workDirectory, config.logDirectory, '/tmp']) {
      expect({ dir, writable: writable.some((w) => dir === w || dir.startsWith(`${w}/`)) }).toEqual({
        dir,
        writable: true,
      });
    }
  });

  it('mounts the whole config directory from the ConfigMap where TIDEMARK_CONFIG points', () => {
    const mount = container.volumeMounts?.find((m) => m.mountPath === env['TIDEMARK_CONFIG']);
    const volume = pod.volumes?.find((v) => v.name === mount?.name);
    expect(mount?.readOnly).toBe(true);
    const mounted = Object.keys(configMapVolumeFiles(volume ?? { name: 'missing' })).sort();
    const directory = filesUnder(join(K8S, 'config')).map((f) => relative(join(K8S, 'config'), f));
    expect(mounted).toEqual(directory.sort());
  });

  it('takes every secret from a Secret (secretKeyRef or envFrom) that the example defines, never inline', () => {
    for (const variable of container.env ?? []) {
      if (SECRET_NAME.test(variable.name))
        expect(variable).toMatchObject({ valueFrom: { secretKeyRef: expect.any(Object) } });
    }
    const secrets = exampleSecrets();
    for (const variable of container.env ?? []) {
      const ref = variable.valueFrom?.secretKeyRef;
      if (ref) expect(Object.keys(findObject(secrets, 'Secret', ref.name).stringData ?? {})).toContain(ref.key);
    }
    const fromSecrets = (container.envFrom ?? []).map((from) => from.secretRef?.name);
    expect(fromSecrets.length).toBeGreaterThan(0);
    for (const name of fromSecrets) expect(findObject(secrets, 'Secret', name ?? '').stringData).toBeDefined();
  });

  it('has a Service that selects its pods and forwards its port', () => {
    const service = findObject(objects, 'Service', app).spec as ServiceSpec;
    expect(deployment.template.metadata.labels).toMatchObject(service.selector);
    expect(deployment.template.metadata.labels).toMatchObject(deployment.selector.matchLabels);
    expect(service.ports).toEqual([expect.objectContaining({ port, targetPort: 'http' })]);
  });
});

describe('the watermark service Deployment', () => {
  it('gets its API token from the tidemark-api-token Secret', () => {
    const [container] = (findObject(objects, 'Deployment', 'watermark-service').spec as DeploymentSpec).template.spec
      .containers;
    expect(container.env).toContainEqual({
      name: 'TIDEMARK_API_TOKEN',
      valueFrom: { secretKeyRef: { name: 'tidemark-api-token', key: 'token' } },
    });
  });
});
