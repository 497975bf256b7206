export * from './lib/host-key';
export * from './lib/ssh-tunnel';
export * from './lib/ssh-tunnel-options';
