import type * as Ssh2 from 'ssh2';

let loading: Promise<typeof Ssh2> | undefined;

/**
 * ssh2, loaded at the first tunnel: requiring it cost ~0.15 s of every
 * command's start, and most configs name no bastion.
 */
export const ssh2 = (): Promise<typeof Ssh2> => (loading ??= import('ssh2'));
