import { TidemarkConfig } from '@tidemark/config';
import { PostgresWarehouse } from '@tidemark/warehouse';
import { EmbeddedContext } from './embedded-context';
import { RedshiftEmulator } from './redshift-emulator.fixture';

/** The JSON body of a COPY manifest, as the Redshift stager writes it. */
export interface CopyManifestBody {
  entries: { url: string; mandatory: boolean; meta: { content_length: number } }[];
}

/** A context whose warehouse is the Redshift emulator (Redshift cannot run here). */
export class EmulatedRedshiftContext extends EmbeddedContext {
  constructor(
    config: TidemarkConfig,
    private readonly emulator: RedshiftEmulator,
  ) {
    super(config);
  }

  override async warehouse(): Promise<PostgresWarehouse> {
    return this.emulator as unknown as PostgresWarehouse; // the loader only uses the Warehouse interface
  }

  /** The COPY manifest that a recorded `COPY … FROM 's3://<bucket>/<key>' …` statement names, read from the store. */
  async copyManifestOf(copy: string): Promise<CopyManifestBody> {
    const key = /FROM 's3:\/\/[^/]+\/([^']+)'/.exec(copy)?.[1];
    if (!key) throw new Error(`not a COPY from S3: ${copy}`);
    return JSON.parse((await this.store().getBytes(key)).toString('utf8')) as CopyManifestBody;
  }
}
