import { Controller, Get, INestApplication, Module, Post, Provider } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { PUBLIC_GET_PATHS } from '../bearer-token.middleware';
import { applyHttpSecurity } from './apply-http-security';

const TOKEN = 'a-token-of-at-least-16-chars';
const auth = { Authorization: `Bearer ${TOKEN}` };

@Controller()
class PagesController {
  @Get(['page', 'page/data', 'other', 'secret'])
  read(): string {
    return 'read';
  }

  @Post('page')
  write(): string {
    return 'written';
  }
}

const publicPaths = (paths: unknown[]): Provider => ({ provide: PUBLIC_GET_PATHS, useValue: paths });

@Module({ providers: [publicPaths(['/other'])] })
class OtherModule {}

/** A Nest app behind applyHttpSecurity whose root module lists `rootPaths` (when given) and imports `imports`. */
async function appWith(rootPaths: unknown[] | null, imports = [OtherModule]): Promise<INestApplication> {
  @Module({ imports, controllers: [PagesController], providers: rootPaths ? [publicPaths(rootPaths)] : [] })
  class RootModule {}
  const app = await NestFactory.create(RootModule, { logger: false, bodyParser: false, abortOnError: false });
  applyHttpSecurity(app, { bearerToken: TOKEN, bodyLimit: '1mb', corsOrigins: [] });
  return app.init();
}

describe('applyHttpSecurity and the modules’ PUBLIC_GET_PATHS', () => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await appWith(['/page']);
  });
  afterAll(() => app?.close());

  it('answers the GET paths every module lists without the token', async () => {
    expect((await http().get('/page').expect(200)).text).toBe('read');
    await http().head('/page').expect(200);
    await http().get('/other').expect(200);
  });

  it('still needs the token for every other path and method, the listed paths’ children included', async () => {
    for (const path of ['/page/data', '/page/', '/PAGE', '/secret']) {
      expect((await http().get(path).expect(401)).body.code).toBe('UNAUTHORIZED');
    }
    await http().post('/page').send({}).expect(401);
    await http().get('/secret').set(auth).expect(200);
    await http().post('/page').set(auth).send({}).expect(201);
  });

  it('opens nothing when no module lists paths', async () => {
    const plain = await appWith(null, []);
    try {
      await request(plain.getHttpServer()).get('/page').expect(401);
      await request(plain.getHttpServer()).get('/other').expect(401);
    } finally {
      await plain.close();
    }
  });

  it('refuses to start with a listed path that could never match a request', async () => {
    await expect(appWith(['page'])).rejects.toThrow('TIDEMARK_PUBLIC_GET_PATHS: "page" is not a path starting with "/"');
  });
});
