import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { headlessFlags } from './chromium.js';

type Json = Record<string, unknown>;
interface Pending {
  resolve: (result: Json) => void;
  reject: (error: Error) => void;
}

/** A page in headless Chromium, driven over the DevTools protocol. */
export interface Page {
  /** Evaluates `expression` in the page (promises awaited) and returns its JSON value. */
  evaluate<T>(expression: string): Promise<T>;
  /**
   * Polls `expression` until it is truthy and returns it; on `timeoutMs` (a generous bound for a
   * busy machine, not a speed check) throws with `what` and the page's last state.
   */
  waitFor<T>(expression: string, what: string, timeoutMs?: number): Promise<T>;
  /** Scrolls the first element matching `selector` into view and clicks its centre with the mouse. */
  click(selector: string): Promise<void>;
  /** A PNG of the viewport. */
  screenshot(): Promise<Buffer>;
  /** Closes the tab (its polling stops). */
  close(): Promise<void>;
}

export interface Browser {
  open(url: string, size: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Starts headless Chromium with `--remote-debugging-pipe`: the DevTools protocol over file
 * descriptors 3 (commands in) and 4 (events and answers out), NUL-separated JSON, as Puppeteer's
 * pipe transport does. No debugging port is opened.
 */
export const launchBrowser = async (chromiumPath: string): Promise<Browser> => {
  const profile = mkdtempSync(join(tmpdir(), 'tf-chromium-'));
  const child: ChildProcess = spawn(
    chromiumPath,
    [
      ...headlessFlags(profile),
      '--remote-debugging-pipe',
      '--hide-scrollbars',
      '--mute-audio',
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
  );
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const input = child.stdio[3] as Writable;
  const output = child.stdio[4] as Readable;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  let buffered = '';
  output.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    for (let end = buffered.indexOf('\0'); end >= 0; end = buffered.indexOf('\0')) {
      const message = JSON.parse(buffered.slice(0, end)) as Json;
      buffered = buffered.slice(end + 1);
      const waiting = typeof message['id'] === 'number' ? pending.get(message['id']) : undefined;
      if (waiting === undefined) continue;
      pending.delete(message['id'] as number);
      const error = message['error'] as { message: string } | undefined;
      if (error) waiting.reject(new Error(`DevTools: ${error.message}`));
      else waiting.resolve((message['result'] ?? {}) as Json);
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => {
    for (const waiting of pending.values())
      waiting.reject(new Error(`Chromium exited: ${stderr.join('').slice(-2000)}`));
    pending.clear();
  });

  const send = (method: string, params: Json = {}, sessionId?: string): Promise<Json> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      input.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });

  const open = async (url: string, size: { width: number; height: number }): Promise<Page> => {
    const { targetId } = (await send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await send('Target.attachToTarget', { targetId, flatten: true })) as {
      sessionId: string;
    };
    const call = (method: string, params: Json = {}) => send(method, params, sessionId);
    await call('Emulation.setDeviceMetricsOverride', { ...size, deviceScaleFactor: 1, mobile: false });
    await call('Page.enable');
    await call('Page.navigate', { url });

    const evaluate = async <T>(expression: string): Promise<T> => {
      const answer = (await call('Runtime.evaluate', {
        expression,
        awaitPromise: true,
        returnByValue: true,
      })) as { result: { value?: T }; exceptionDetails?: { exception?: { description?: string } } };
      if (answer.exceptionDetails)
        throw new Error(`in the page: ${answer.exceptionDetails.exception?.description ?? expression}`);
      return answer.result.value as T;
    };

    const waitFor = async <T>(expression: string, what: string, timeoutMs = 60_000): Promise<T> => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await evaluate<T>(expression).catch(() => undefined);
        if (value) return value;
        if (Date.now() > deadline) {
          const text = await evaluate<string>('document.body?.innerText.slice(0, 1500)').catch(() => '');
          throw new Error(`timed out waiting for ${what}; the page shows:\n${text}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };

    const click = async (selector: string): Promise<void> => {
      const box = await waitFor<{ x: number; y: number }>(
        `(() => { const e = document.querySelector(${JSON.stringify(selector)});
          if (!e || e.offsetParent === null) return undefined;
          e.scrollIntoView({ block: 'center' });
          const r = e.getBoundingClientRect();
          return { x: r.left + Math.min(r.width / 2, 40), y: r.top + r.height / 2 }; })()`,
        `a visible ${selector} to click`,
      );
      for (const type of ['mousePressed', 'mouseReleased'])
        await call('Input.dispatchMouseEvent', { type, ...box, button: 'left', clickCount: 1 });
    };

    const screenshot = async (): Promise<Buffer> => {
      const { data } = (await call('Page.captureScreenshot', { format: 'png' })) as { data: string };
      return Buffer.from(data, 'base64');
    };

    const closePage = async (): Promise<void> => {
      await send('Target.closeTarget', { targetId }).catch(() => undefined);
    };

    return { evaluate, waitFor, click, screenshot, close: closePage };
  };

  const close = async (): Promise<void> => {
    await send('Browser.close').catch(() => undefined);
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
    rmSync(profile, { recursive: true, force: true });
  };

  return { open, close };
};
