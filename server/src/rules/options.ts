import type { OptionSpec } from './types';

/** Option builders: each knows its default, its JSON schema and how to reject a bad value. */
export function booleanOption(description: string, defaultValue: boolean): OptionSpec<boolean> {
  return {
    description,
    default: defaultValue,
    schema: { type: 'boolean', description, default: defaultValue },
    validate: (value) => (typeof value === 'boolean' ? undefined : 'must be true or false'),
  };
}

export function integerOption(description: string, defaultValue: number, minimum: number): OptionSpec<number> {
  return {
    description,
    default: defaultValue,
    schema: { type: 'integer', description, default: defaultValue, minimum },
    validate: (value) =>
      typeof value === 'number' && Number.isInteger(value) && value >= minimum
        ? undefined
        : `must be an integer of at least ${minimum}`,
  };
}

export function stringListOption(description: string, defaultValue: string[]): OptionSpec<string[]> {
  return {
    description,
    default: defaultValue,
    schema: { type: 'array', items: { type: 'string' }, description, default: defaultValue },
    validate: (value) =>
      Array.isArray(value) && value.every((item) => typeof item === 'string')
        ? undefined
        : 'must be a list of strings',
  };
}

/** `true`/`false` for all the listed checks, or an object that turns single checks off (missing keys stay on). */
export type FlagsOrBoolean<K extends string> = boolean | Partial<Record<K, boolean>>;

export function flagsOrBooleanOption<K extends string>(
  description: string,
  flags: Record<K, string>,
  defaultValue: boolean,
): OptionSpec<FlagsOrBoolean<K>> {
  const names = Object.keys(flags) as K[];
  const properties = Object.fromEntries(names.map((name) => [name, { type: 'boolean', description: flags[name] }]));
  return {
    description,
    default: defaultValue,
    schema: {
      description,
      default: defaultValue,
      oneOf: [{ type: 'boolean' }, { type: 'object', properties, additionalProperties: false }],
    },
    validate: (value) => {
      if (typeof value === 'boolean') return undefined;
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return `must be true, false or an object with keys ${names.join(', ')}`;
      for (const [key, flag] of Object.entries(value)) {
        if (!names.includes(key as K)) return `has an unknown key "${key}" (known: ${names.join(', ')})`;
        if (typeof flag !== 'boolean') return `."${key}" must be true or false`;
      }
      return undefined;
    },
  };
}

/** Whether one check of a flags-or-boolean option is on. */
export function flagEnabled<K extends string>(value: FlagsOrBoolean<K>, flag: K): boolean {
  return typeof value === 'boolean' ? value : value[flag] !== false;
}
