import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';

/** A DTO class that can tell, cheaply, that a body is valid as it is (e.g. ExtractCommitDto). */
interface PrecheckedDto {
  acceptsAsIs(value: unknown): boolean;
}

const precheckOf = (metatype: unknown): PrecheckedDto['acceptsAsIs'] | undefined => {
  const check = (metatype as Partial<PrecheckedDto> | undefined)?.acceptsAsIs;
  return typeof check === 'function' ? check : undefined;
};

/**
 * The services' ValidationPipe, with a shortcut for hot routes: a body whose
 * DTO class has a static `acceptsAsIs` that says yes is passed on as the
 * parsed JSON, without class-transformer and class-validator (about a tenth
 * of the watermark service's CPU per extract commit, decision 0045). Every
 * other body, and every body the check says no to, is validated as before,
 * so refusals keep their status and wording.
 */
export class PrecheckedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && precheckOf(metadata.metatype)?.(value)) return value;
    return super.transform(value, metadata);
  }
}
