export * from './lib/http-watermark-client';
export * from './lib/http-transport';
