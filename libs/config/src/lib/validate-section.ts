import { ClassConstructor, plainToInstance } from 'class-transformer';
import { getMetadataStorage, ValidationError, validateSync } from 'class-validator';
import { formatKeyPath, KeyPath } from './config-problem';
import { ConfigFile } from './config-file';
import { isSecretKey, maskSecrets } from './mask-secrets';

/** The keys a schema class declares, for "unknown key" messages. */
function knownKeys(target: object | undefined): string[] {
  if (!target) return [];
  const metadata = getMetadataStorage().getTargetValidationMetadatas(target.constructor, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))];
}

const isMapping = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The value, unless it is a secret, so a message can say what it got. */
function shown(key: string, value: unknown): string {
  if (isSecretKey(key) || value === null || typeof value === 'object') return '';
  return ` (got ${JSON.stringify(maskSecrets(value))})`;
}

// When a value has the wrong type, its range and length rules say nothing more.
const TYPE_RULES = ['isString', 'isInt', 'isNumber', 'isBoolean', 'isArray'];

function typeFirst(constraints: Record<string, string>): string[] {
  const type = TYPE_RULES.filter((rule) => constraints[rule]);
  return type.length ? type.map((rule) => constraints[rule]) : Object.values(constraints);
}

/** class-validator's messages without the leading property name, in the words of a YAML file. */
function messagesOf(e: ValidationError): string[] {
  const constraints = e.constraints ?? {};
  if (constraints['whitelistValidation']) return [`unknown key (known keys: ${knownKeys(e.target).join(', ')})`];
  if (e.value === undefined) return ['is required'];
  if (e.value === null) return ['is required (its value is empty)'];
  if (constraints['nestedValidation'] || constraints['isObject']) return ['must be a mapping of keys to values'];
  return typeFirst(constraints).map(
    (m) =>
      m
        .replace(new RegExp(`^(each value in )?${e.property} `), '$1')
        .replace('one of the following values:', 'one of') + shown(e.property, e.value),
  );
}

/** Reports each error not at a key of `faulty`, and adds its key to `faulty`. */
function report(file: ConfigFile, errors: ValidationError[], path: KeyPath, faulty: Set<string>): void {
  for (const e of errors) {
    const key = [...path, e.property];
    const messages = messagesOf(e);
    if (messages.length && !faulty.has(formatKeyPath(key))) {
      for (const message of messages) file.report(key, message);
      faulty.add(formatKeyPath(key));
    }
    report(file, e.children ?? [], key, faulty);
  }
}

export interface Validated<T> {
  value: T;
  /** Key paths (formatted) with a problem: checks that read them are skipped, so one mistake is reported once. */
  faulty: ReadonlySet<string>;
}

/** Whether `path`, or a key below it, has a problem. */
export function hasProblemAt(checked: Validated<unknown>, path: KeyPath): boolean {
  const key = formatKeyPath(path);
  return [...checked.faulty].some((f) => f === key || f.startsWith(`${key}.`) || f.startsWith(`${key}[`));
}

/**
 * Validates `plain` (a mapping, at `path` in `file`) as `cls`: unknown keys,
 * missing required keys and wrong types each become a problem on `file`,
 * except at the keys in `already` (formatted key paths with a problem
 * reported before, such as a missing variable). Undefined when `plain` is
 * not a mapping at all.
 */
export function validateSection<T extends object>(
  file: ConfigFile,
  cls: ClassConstructor<T>,
  plain: unknown,
  path: KeyPath = [],
  already: ReadonlySet<string> = new Set(),
): Validated<T> | undefined {
  if (!isMapping(plain)) {
    file.report(
      path,
      path.length ? 'must be a mapping of keys to values' : 'the file must be a mapping of keys to values',
    );
    return undefined;
  }
  const value = plainToInstance(cls, plain, { enableImplicitConversion: false });
  const errors = validateSync(value, { whitelist: true, forbidNonWhitelisted: true });
  const faulty = new Set(already);
  report(file, errors, path, faulty);
  return { value, faulty };
}
