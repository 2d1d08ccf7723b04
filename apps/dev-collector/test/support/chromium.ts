import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

const found = (): string | undefined => CANDIDATES.find((path) => existsSync(path));

/**
 * Debian's Chromium, if it is installed (`.ci/run` installs it as a set-up step; tests never
 * download anything). `reason` says why there is none: the web page tests are then skipped with it.
 */
export const findChromium = (): { path?: string; reason?: string } => {
  const present = found();
  return present === undefined
    ? { reason: 'Chromium is not installed (Debian: sudo apt-get install chromium)' }
    : { path: present };
};

/** Flags for a headless run that makes no network connections of its own. */
export const headlessFlags = (userDataDir: string): string[] => [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  `--user-data-dir=${userDataDir}`,
];

export const chromiumVersion = (path: string): string => execFileSync(path, ['--version']).toString().trim();
