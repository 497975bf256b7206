import { isKnownHost, knownHostsName, sha256Fingerprint, trustsHostKey } from './host-key';

// Made with ssh-keygen: `ssh-keygen -lf k.pub` and `ssh-keygen -H` on a
// known_hosts file with bastion.example and [bastion.example]:2222.
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIESE2xpL1uTLWvrWnk7CHzzTbS5KjSqJv4Z2VemBMsI+';
const FINGERPRINT = 'SHA256:tCd5319NqFTqKpS1wnopU1yT6Iwl6N/aBK3Vup8rABQ';
const HASHED_22 = `|1|45uDC8NtgUkwhO74IgkLq3IN/ks=|9DO6kU56vU6sjuf4fFtAQ2CTfG4= ${KEY}`;
const HASHED_2222 = `|1|Atd2pRtaXLABXbYOx2Ibcp3jQtg=|KozogAmv00+8gO+X6lynqroCqLA= ${KEY}`;
const blob = Buffer.from(KEY.split(' ')[1], 'base64');
const otherBlob = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIBmT5Wlt2yXGoZJ0rMxSG1CmVPH3+uv/ZG9SDGCrAZVf', 'base64');

describe('host key checks', () => {
  it('prints fingerprints as ssh-keygen -lf does', () => {
    expect(sha256Fingerprint(blob)).toBe(FINGERPRINT);
  });

  it('names non-22 ports [host]:port', () => {
    expect(knownHostsName('bastion.example', 22)).toBe('bastion.example');
    expect(knownHostsName('bastion.example', 2222)).toBe('[bastion.example]:2222');
  });

  it('matches plain, listed, wildcard and negated names', () => {
    expect(isKnownHost(`bastion.example ${KEY} comment`, 'bastion.example', blob)).toBe(true);
    expect(isKnownHost(`bastion.example ${KEY}`, 'BASTION.example', blob)).toBe(true);
    expect(isKnownHost(`bastion.example ${KEY}`, 'bastion.example', otherBlob)).toBe(false);
    expect(isKnownHost(`bastion.example ${KEY}`, '[bastion.example]:2222', blob)).toBe(false);
    expect(isKnownHost(`# comment\n\nother,[bastion.example]:2222 ${KEY}`, '[bastion.example]:2222', blob)).toBe(true);
    expect(isKnownHost(`*.example,!db.example ${KEY}`, 'bastion.example', blob)).toBe(true);
    expect(isKnownHost(`*.example,!db.example ${KEY}`, 'db.example', blob)).toBe(false);
    expect(isKnownHost(`bastion.exampl? ${KEY}`, 'bastion.example', blob)).toBe(true);
  });

  it('matches hashed names written by ssh-keygen -H', () => {
    const knownHosts = `${HASHED_22}\n${HASHED_2222}`;
    expect(isKnownHost(knownHosts, 'bastion.example', blob)).toBe(true);
    expect(isKnownHost(knownHosts, '[bastion.example]:2222', blob)).toBe(true);
    expect(isKnownHost(knownHosts, '[bastion.example]:2200', blob)).toBe(false);
    expect(isKnownHost(HASHED_2222, 'bastion.example', blob)).toBe(false);
  });

  it('ignores @cert-authority lines and refuses @revoked keys', () => {
    expect(isKnownHost(`@cert-authority bastion.example ${KEY}`, 'bastion.example', blob)).toBe(false);
    expect(isKnownHost(`bastion.example ${KEY}\n@revoked * ${KEY}`, 'bastion.example', blob)).toBe(false);
  });

  it('trusts a key by fingerprint (padding and prefix optional) or by knownHosts', () => {
    expect(trustsHostKey({ hostKeyFingerprint: FINGERPRINT }, 'bastion.example', 22, blob)).toBe(true);
    expect(trustsHostKey({ hostKeyFingerprint: `${FINGERPRINT.slice(7)}=` }, 'bastion.example', 22, blob)).toBe(true);
    expect(trustsHostKey({ hostKeyFingerprint: FINGERPRINT }, 'bastion.example', 22, otherBlob)).toBe(false);
    expect(trustsHostKey({ knownHosts: HASHED_2222 }, 'bastion.example', 2222, blob)).toBe(true);
    expect(trustsHostKey({ knownHosts: HASHED_2222 }, 'bastion.example', 22, blob)).toBe(false);
    expect(trustsHostKey({ insecureSkipHostKeyCheck: true }, 'bastion.example', 22, otherBlob)).toBe(true);
    expect(trustsHostKey({}, 'bastion.example', 22, blob)).toBe(false);
  });
});
