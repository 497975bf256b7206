import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { isDeadLocalHolder } from './lease-holder';

describe('isDeadLocalHolder', () => {
  it('is true for a process of this host that has exited', () => {
    const { pid } = spawnSync('node', ['-e', '0']);
    expect(isDeadLocalHolder(`${hostname()}:${pid}`)).toBe(true);
  });

  it('is false for a process of this host that runs', () => {
    expect(isDeadLocalHolder(`${hostname()}:${process.ppid}`)).toBe(false);
    expect(isDeadLocalHolder(`${hostname()}:${process.pid}`)).toBe(false);
  });

  it('is false for a holder on another host, whatever its pid', () => {
    const { pid } = spawnSync('node', ['-e', '0']);
    expect(isDeadLocalHolder(`not-${hostname()}:${pid}`)).toBe(false);
  });

  it('is false for a holder name of another form', () => {
    expect(isDeadLocalHolder('worker')).toBe(false);
    expect(isDeadLocalHolder(`${hostname()}:`)).toBe(false);
  });
});
