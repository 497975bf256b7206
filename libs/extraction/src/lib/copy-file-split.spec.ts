import { filesPerFlush, MAX_COPY_FILE_BYTES, MIN_COPY_FILE_BYTES } from './copy-file-split';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

describe('filesPerFlush (how many files one flush becomes for Redshift COPY)', () => {
  it('writes one file per flush with one slice, whatever the size (PostgreSQL and slices: 1)', () => {
    expect(filesPerFlush({ rows: 10_000_000, compressedBytes: 128 * MiB, slices: 1 })).toBe(1);
    expect(filesPerFlush({ rows: 10_000_000, compressedBytes: 8 * GiB, slices: 1 })).toBe(1);
  });

  it('writes one file per slice once every file holds at least 1 MiB and a row', () => {
    expect(filesPerFlush({ rows: 1_000_000, compressedBytes: 128 * MiB, slices: 4 })).toBe(4);
    expect(filesPerFlush({ rows: 1_000_000, compressedBytes: 128 * MiB, slices: 16 })).toBe(16);
    expect(filesPerFlush({ rows: 4, compressedBytes: 4 * MIN_COPY_FILE_BYTES, slices: 4 })).toBe(4);
  });

  it('keeps one file when the slices would get files under 1 MiB', () => {
    expect(filesPerFlush({ rows: 1_000_000, compressedBytes: 4 * MIN_COPY_FILE_BYTES - 1, slices: 4 })).toBe(1);
    expect(filesPerFlush({ rows: 500, compressedBytes: 40_000, slices: 2 })).toBe(1);
    expect(filesPerFlush({ rows: 1_000_000, compressedBytes: 128 * MiB, slices: 256 })).toBe(1);
  });

  it('keeps one file when some slice would get no row', () => {
    expect(filesPerFlush({ rows: 3, compressedBytes: 128 * MiB, slices: 4 })).toBe(1);
  });

  it('uses a larger multiple of the slices when files would pass 1 GiB', () => {
    expect(filesPerFlush({ rows: 1_000_000, compressedBytes: 2 * MAX_COPY_FILE_BYTES, slices: 2 })).toBe(2);
    expect(filesPerFlush({ rows: 1_000_000, compressedBytes: 2 * MAX_COPY_FILE_BYTES + 1, slices: 2 })).toBe(4);
    expect(filesPerFlush({ rows: 1_000_000, compressedBytes: 10 * GiB, slices: 4 })).toBe(12);
  });

  it('never gives a file fewer than one row, staying a multiple of the slices', () => {
    expect(filesPerFlush({ rows: 9, compressedBytes: 10 * GiB, slices: 4 })).toBe(8);
  });
});
