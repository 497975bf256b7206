import { FileSizeEstimator } from './file-size-estimator';

describe('FileSizeEstimator', () => {
  it('starts from a 4:1 compression guess and learns the real ratio from each file', () => {
    const e = new FileSizeEstimator(128);
    expect(e.rawLimit).toBe(512);
    e.learn(1000, 100);
    expect(e.rawLimit).toBe(1280);
  });
  it('keeps the ratio within sane bounds and ignores empty files', () => {
    const e = new FileSizeEstimator(100);
    e.learn(0, 10);
    expect(e.rawLimit).toBe(400);
    e.learn(10, 1000);
    expect(e.rawLimit).toBe(100);
    e.learn(1_000_000, 1);
    expect(e.rawLimit).toBe(10_000);
  });
});
