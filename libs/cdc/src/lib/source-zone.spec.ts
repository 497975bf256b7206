import { SourceZone, zoneOfColumn } from './source-zone';

describe('SourceZone', () => {
  it('shifts cursors between UTC and a fixed offset, keeping microseconds', () => {
    const berlinSummer = SourceZone.parse('+02:00');
    expect(berlinSummer.toUtc('2025-08-01 01:30:00.000001')).toBe('2025-07-31 23:30:00.000001');
    expect(berlinSummer.toSource('2025-07-31 23:30:00.000001')).toBe('2025-08-01 01:30:00.000001');
    expect(SourceZone.parse('-05:30').toUtc('2025-01-01 00:00:00.000000')).toBe('2025-01-01 05:30:00.000000');
  });
  it('leaves TIMESTAMP columns in UTC whatever the source zone', () => {
    const zone = SourceZone.parse('+02:00');
    expect(zoneOfColumn('timestamp', zone).offsetMinutes).toBe(0);
    expect(zoneOfColumn('datetime', zone).offsetMinutes).toBe(120);
  });
  it.each(['Europe/Berlin', '+2', '+25:00', 'CET'])('refuses %j with the fix in the message', (zone) => {
    expect(() => SourceZone.parse(zone)).toThrow(`source timezone "${zone}" is not supported: use UTC or a fixed offset such as +02:00`);
  });
});
