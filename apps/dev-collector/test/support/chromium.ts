import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

const found = (): string | undefined => CANDIDATES.find((path) => existsSync(path));

/**
 * Debian's Chromium: already there, or installed with apt-get when we are root on Debian.
 * `reason` says why there is none (the test is then skipped with that message).
 */
export const ensureChromium = async (): Promise<{ path?: string; reason?: string }> => {
  const present = found();
  if (present !== undefined) return { path: present };
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    return {
      reason:
        'Chromium is not installed and cannot be installed here (needs root and apt-get): sudo apt-get install chromium',
    };
  }
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    await run('apt-get', ['update', '-qq'], { env, timeout: 180_000 });
    await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
      env,
      timeout: 300_000,
    });
  } catch (error) {
    return { reason: `installing Debian's chromium failed: ${String(error).split('\n')[0]}` };
  }
  const installed = found();
  return installed === undefined
    ? { reason: 'apt-get installed chromium but no binary was found' }
    : { path: installed };
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
