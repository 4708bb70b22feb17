/** MongoDB reports a unique-index violation as error code 11000 (keyValue is not always present). */
export const isDuplicateKeyError = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
