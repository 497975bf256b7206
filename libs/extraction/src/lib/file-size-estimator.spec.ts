import { FileSizeEstimator, MAX_RAW_FILE_BYTES } from './file-size-estimator';

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
  it('never buffers more than the raw cap, however well the rows compress', () => {
    const e = new FileSizeEstimator(128 * 1024 * 1024);
    e.learn(1000, 10);
    expect(e.rawLimit).toBe(MAX_RAW_FILE_BYTES);
    expect(new FileSizeEstimator(100, 300).rawLimit).toBe(300);
  });
  it('estimates the compressed size of buffered rows with the learnt ratio', () => {
    const e = new FileSizeEstimator(128);
    expect(e.compressedSize(1000)).toBe(250);
    e.learn(1000, 100);
    expect(e.compressedSize(1000)).toBe(100);
  });
});
