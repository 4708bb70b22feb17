export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads the variables of one group of defaults. A bad value pushes one line naming the variable onto
 * `problems` and falls back to the default, so start-up can report every bad variable at once.
 */
export function envReader<Name extends string>(env: Env, defaults: Readonly<Record<Name, string>>, problems: string[]) {
  const read = (name: Name): string => env[name]?.trim() || defaults[name];
  const integer = (name: Name, min: number, max: number): number => {
    const text = read(name);
    if (/^\d+$/.test(text) && Number(text) >= min && Number(text) <= max) return Number(text);
    problems.push(`${name} must be a whole number from ${min} to ${max} (got "${text}")`);
    return Number(defaults[name]);
  };
  return { read, integer };
}
