import { executionAsyncId } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import { setImmediate as nextLoopTurn } from 'node:timers/promises';
import { context, createContextKey, ROOT_CONTEXT } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ClientContextManager,
  activeContext,
  ensureContextManager,
  idsFollowContexts,
} from '../../src/engine/context-manager.js';

const NAME = createContextKey('test.name');
const named = (name: string): Context => ROOT_CONTEXT.setValue(NAME, name);
const nameOf = (ctx: Context): unknown => ctx.getValue(NAME);

/** The managers a test made: disabled after it. */
const managers: ClientContextManager[] = [];
/**
 * A manager whose AsyncLocalStorage is in use (async_hooks then gives promise continuations ids),
 * called from an execution with an id of its own: the test function itself runs under none (0),
 * where nothing is remembered, so the checks below would prove nothing there.
 */
const manager = async (): Promise<ClientContextManager> => {
  const made = new ClientContextManager().enable();
  managers.push(made);
  made.with(named('first use'), () => undefined);
  await nextLoopTurn();
  // Node 24's AsyncContextFrame storage: current() is active(), and continuations have no ids.
  if (idsFollowContexts) expect(executionAsyncId()).not.toBe(0);
  return made;
};
afterEach(() => {
  for (const made of managers.splice(0)) made.disable();
});

/**
 * Checks of `m.current()` against the context each place expects (named, or none): each read
 * twice (the second is the remembered one) and compared with `active()` too (a fresh read).
 */
const checksOf = (m: ClientContextManager) => {
  const seen: { expected: string | undefined; current: unknown; active: unknown }[] = [];
  return {
    check(expected: string | undefined) {
      m.current();
      seen.push({ expected, current: nameOf(m.current()), active: nameOf(m.active()) });
    },
    expectAllRight(count: number) {
      expect(seen).toHaveLength(count);
      for (const { expected, current, active } of seen) {
        expect(current).toBe(expected);
        expect(active).toBe(expected);
      }
    },
  };
};

describe('ClientContextManager.current (the active context, remembered per execution)', () => {
  it('follows nested with() calls, a throwing one too', async () => {
    const m = await manager();
    const t = checksOf(m);
    t.check(undefined);
    m.with(named('outer'), () => {
      t.check('outer');
      m.with(named('inner'), () => t.check('inner'));
      t.check('outer');
      try {
        m.with(named('throws'), () => {
          t.check('throws');
          throw new Error('boom');
        });
      } catch {
        t.check('outer');
      }
    });
    t.check(undefined);
    t.expectAllRight(7);
  });

  it('gives each of many interleaved async functions its own context after every await', async () => {
    const m = await manager();
    const t = checksOf(m);
    const task = (name: string) =>
      m.with(named(name), async () => {
        for (let step = 0; step < 3; step++) {
          t.check(name);
          await (step === 1 ? nextLoopTurn() : Promise.resolve());
        }
        t.check(name);
      });
    await Promise.all(['a', 'b', 'c', 'd'].map(task));
    t.check(undefined);
    t.expectAllRight(4 * 4 + 1);
  });

  it('follows callbacks of timers, nextTick, queueMicrotask and setImmediate made in other contexts', async () => {
    const m = await manager();
    const t = checksOf(m);
    const done: Promise<void>[] = [];
    const schedule = (name: string, run: (fn: () => void) => void) =>
      done.push(
        new Promise<void>((resolve) => m.with(named(name), () => run(() => (t.check(name), resolve())))),
      );
    for (const round of ['1', '2']) {
      schedule(`timeout ${round}`, (fn) => setTimeout(fn, 1));
      schedule(`nextTick ${round}`, (fn) => process.nextTick(fn));
      schedule(`microtask ${round}`, (fn) => queueMicrotask(fn));
      schedule(`immediate ${round}`, (fn) => setImmediate(fn));
    }
    t.check(undefined);
    await Promise.all(done);
    t.expectAllRight(9);
  });

  it('keeps the context of an interval across its runs, and a with() inside one', async () => {
    const m = await manager();
    const t = checksOf(m);
    await new Promise<void>((resolve) => {
      let runs = 0;
      m.with(named('interval'), () => {
        const timer = setInterval(() => {
          t.check('interval');
          m.with(named('inside'), () => t.check('inside'));
          t.check('interval');
          if (++runs === 3) {
            clearInterval(timer);
            resolve();
          }
        }, 1);
      });
    });
    t.expectAllRight(9);
  });

  it('follows bound functions and event emitters', async () => {
    const m = await manager();
    const t = checksOf(m);
    const emitter = m.bind(named('emitter'), new EventEmitter());
    emitter.on('tick', () => t.check('emitter'));
    const bound = m.bind(named('bound'), () => t.check('bound'));
    m.with(named('caller'), () => {
      t.check('caller');
      emitter.emit('tick');
      t.check('caller');
      bound();
      t.check('caller');
    });
    t.expectAllRight(5);
  });

  it('follows attach() and the dispose() of its token', async () => {
    const m = await manager();
    const t = checksOf(m);
    m.with(named('caller'), () => {
      t.check('caller');
      const token = m.attach(named('attached'));
      t.check('attached');
      token.dispose();
      t.check('caller');
    });
    t.expectAllRight(3);
  });

  it('knows every method of the OpenTelemetry manager it extends (a new one may set the context)', () => {
    // Pinned with the dependency's version: a method added upstream must be reviewed here, as
    // with() and attach() were, before current() can trust what it remembered.
    const methods = (proto: object): string[] =>
      Object.getOwnPropertyNames(proto).filter((name) => name !== 'constructor');
    const base = Object.getPrototypeOf(AsyncLocalStorageContextManager.prototype) as object;
    expect(methods(AsyncLocalStorageContextManager.prototype).sort()).toEqual(
      ['active', 'attach', 'disable', 'enable', 'with'].sort(),
    );
    expect(methods(base).sort()).toEqual(
      [
        '_bindEventEmitter',
        '_bindFunction',
        '_getPatchMap',
        '_createPatchMap',
        '_patchAddListener',
        '_patchRemoveListener',
        '_patchRemoveAllListeners',
        'bind',
      ].sort(),
    );
  });
});

describe('activeContext (the registered manager)', () => {
  it('is the global manager’s active context, and follows context.with() through the API', async () => {
    ensureContextManager();
    context.with(named('first use'), () => undefined);
    await nextLoopTurn();
    if (idsFollowContexts) expect(executionAsyncId()).not.toBe(0);
    expect(nameOf(activeContext())).toBeUndefined();
    await context.with(named('via api'), async () => {
      expect(nameOf(activeContext())).toBe('via api');
      await nextLoopTurn();
      expect(nameOf(activeContext())).toBe('via api');
      context.with(named('nested'), () => expect(nameOf(activeContext())).toBe('nested'));
      expect(nameOf(activeContext())).toBe('via api');
    });
    expect(nameOf(activeContext())).toBeUndefined();
  });
});
