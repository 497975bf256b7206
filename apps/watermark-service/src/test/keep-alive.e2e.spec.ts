import { Agent, get, IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { ServiceFixture } from './service.fixture';

/** GET through `agent`; whether the request went over a connection an earlier one had opened. */
function getHealth(url: string, agent: Agent): Promise<{ status: number; keepAlive: string; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const request = get(`${url}/health`, { agent }, (response: IncomingMessage) => {
      response.resume();
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          keepAlive: String(response.headers['keep-alive']),
          reused: request.reusedSocket,
        }),
      );
    });
    request.on('error', reject);
  });
}

describe('the services keep idle connections open longer than a load balancer does', () => {
  let service: ServiceFixture;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });

  beforeAll(async () => {
    service = await ServiceFixture.start('sqlite');
  });
  afterAll(async () => {
    agent.destroy();
    await service?.close();
  });

  it('announces 65 s and still answers on a connection idle past Node’s default 5 s', async () => {
    const first = await getHealth(service.url, agent);
    expect(first).toEqual({ status: 200, keepAlive: 'timeout=65', reused: false });
    await sleep(6_000);
    expect(await getHealth(service.url, agent)).toEqual({ status: 200, keepAlive: 'timeout=65', reused: true });
  });
});
