import { randomBytes } from 'node:crypto';

/** A 24-hex-digit id, the same shape as a MongoDB ObjectId, so ids look alike whatever the store. */
export const newObjectIdHex = (): string => {
  const time = Math.floor(Date.now() / 1000).toString(16).padStart(8, '0');
  return time + randomBytes(8).toString('hex');
};

export const isObjectIdHex = (value: string): boolean => /^[0-9a-f]{24}$/.test(value);
