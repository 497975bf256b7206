import { ValidationPipe } from '@nestjs/common';
import request from 'supertest';
import { ExtractCommitDto } from '@tidemark/watermark-dto';
import { sampleManifest } from './sample-manifest';
import { ServiceFixture, TOKEN } from './service.fixture';

/** The hot route's quick body check (decision 0045), seen from outside: which bodies reach class-validator. */
describe('extract commit body check', () => {
  let service: ServiceFixture;
  const commit = (body: object) =>
    request(service.url)
      .post('/watermarks/p/shop.quick/extract/commits')
      .set({ Authorization: `Bearer ${TOKEN}` })
      .send(body);
  // Observes (and calls through to) class-validator's pipe: the slow path, where every refusal is worded.
  const validated = jest.spyOn(ValidationPipe.prototype, 'transform');
  const commitBodiesValidated = () =>
    validated.mock.calls.filter(([, meta]) => meta.metatype === ExtractCommitDto).length;

  beforeAll(async () => {
    service = await ServiceFixture.start('sqlite');
  });
  afterAll(async () => {
    validated.mockRestore();
    await service?.close();
  });
  beforeEach(() => validated.mockClear());

  it("takes an extractor's commit without class-validator, and registers it", async () => {
    const leased = await request(service.url)
      .post('/leases')
      .set({ Authorization: `Bearer ${TOKEN}` })
      .send({ pipeline: 'p', table: 'shop.quick', stage: 'extract', holder: 'x', ttlSeconds: 60 })
      .expect(201);
    const token = leased.body.token as number;
    const manifest = sampleManifest('q-1', 'shop.quick', '2025-08-01 10:00:00.000000', 10, 'p', token);
    const committed = await commit({ manifest, fencingToken: token }).expect(200);
    expect(committed.body.extract.rowsExtracted).toBe(10);
    expect(commitBodiesValidated()).toBe(0);
  });

  it('leaves a bad body to class-validator, which refuses it in its own words', async () => {
    const manifest = { ...sampleManifest('q-2', 'shop.quick', '2025-08-01 11:00:00.000000'), sequence: 0 };
    const refused = await commit({ manifest }).expect(400);
    expect(JSON.stringify(refused.body.message)).toContain('manifest.sequence must not be less than 1');
    expect(commitBodiesValidated()).toBe(1);
  });
});
