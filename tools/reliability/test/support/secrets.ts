import { randomBytes } from 'node:crypto';

export const KEY_ID = 'tfk_reliability-key';

/** A fresh secret per run, so a leak cannot be a coincidence. */
export const SECRET = `tfs_rel-${randomBytes(16).toString('hex')}`;

/** Long enough to be the secret's, short enough to catch a secret cut by a length limit. */
const WINDOW = 12;

/**
 * Where the secret, or any 12-character piece of it after its `tfs_` prefix (a secret cut off
 * by a length limit is still a leak), appears in `text`; `undefined` when it does not.
 */
export const findSecret = (text: string, secret: string = SECRET): string | undefined => {
  if (text.includes(secret)) return secret;
  const body = secret.slice(4);
  for (let i = 0; i + WINDOW <= body.length; i++) {
    const piece = body.slice(i, i + WINDOW);
    if (text.includes(piece)) return piece;
  }
  return undefined;
};
