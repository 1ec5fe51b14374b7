// Enum values with a description each: `builder.enumType('Name', { values: describedValues({ A: '…' }) })`.

/** `{ A: 'why' }` → Pothos enum values `{ A: { value: 'A', description: 'why' } }`. */
export function describedValues<const T extends Record<string, string>>(descriptions: T): { [K in keyof T & string]: { value: K; description: string } } {
  return Object.fromEntries(Object.entries(descriptions).map(([name, description]) => [name, { value: name, description }])) as {
    [K in keyof T & string]: { value: K; description: string };
  };
}
