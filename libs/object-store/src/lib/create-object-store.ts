import { LocalDirectoryStore } from './local-directory-store';
import { ObjectStore } from './object-store';
import { S3Store, S3StoreOptions } from './s3-store';

export type ObjectStoreConfig =
  | { type: 'local'; directory: string; prefix: string }
  | ({ type: 's3'; prefix: string } & S3StoreOptions);

export function createObjectStore(config: ObjectStoreConfig): ObjectStore {
  return config.type === 's3' ? new S3Store(config) : new LocalDirectoryStore(config.directory);
}
