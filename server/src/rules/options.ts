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
