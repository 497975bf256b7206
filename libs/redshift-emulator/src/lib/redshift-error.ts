import type { ErrorFields } from './wire';

/** An error the emulator raises where Redshift would, with Redshift's kind of message. */
export class RedshiftError extends Error {
  constructor(
    message: string,
    /** SQLSTATE; Redshift reports most of its own refusals as XX000 or a syntax/feature code. */
    readonly code = 'XX000',
    readonly detail?: string,
  ) {
    super(message);
  }

  fields(): ErrorFields {
    return { S: 'ERROR', V: 'ERROR', C: this.code, M: this.message, ...(this.detail ? { D: this.detail } : {}) };
  }
}
