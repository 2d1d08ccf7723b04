import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace';
import type { Sampler } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { CountingSampler, createSampler } from '../../src/engine/sampling.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

const fixed = (decision: SamplingDecision): Sampler => ({
  shouldSample: () => ({ decision }),
  toString: () => `Fixed{${decision}}`,
});

const decide = (sampler: Sampler): SamplingDecision =>
  sampler.shouldSample(ROOT_CONTEXT, TRACE_ID, 'op', SpanKind.INTERNAL, {}, []).decision;

describe('createSampler', () => {
  it('builds the OpenTelemetry sampler each name stands for, ratio default 1', () => {
    expect(createSampler({ type: 'always_on' }).toString()).toBe('AlwaysOnSampler');
    expect(createSampler({ type: 'always_off' }).toString()).toBe('AlwaysOffSampler');
    expect(createSampler({ type: 'traceidratio', ratio: 0.25 }).toString()).toBe('TraceIdRatioBased{0.25}');
    expect(createSampler({ type: 'traceidratio' }).toString()).toBe('TraceIdRatioBased{1}');
    expect(createSampler({ type: 'parentbased_always_on' }).toString()).toMatch(
      /^ParentBased\{root=AlwaysOnSampler/,
    );
    expect(createSampler({ type: 'parentbased_always_off' }).toString()).toMatch(
      /^ParentBased\{root=AlwaysOffSampler/,
    );
    expect(createSampler({ type: 'parentbased_traceidratio', ratio: 0.5 }).toString()).toMatch(
      /^ParentBased\{root=TraceIdRatioBased\{0\.5\}/,
    );
  });
});

describe('CountingSampler', () => {
  it('counts NOT_RECORD and RECORD (recorded, not sampled), not RECORD_AND_SAMPLED, and passes decisions on', () => {
    let count = 0;
    const counted = (decision: SamplingDecision) => new CountingSampler(fixed(decision), () => count++);
    expect(decide(counted(SamplingDecision.NOT_RECORD))).toBe(SamplingDecision.NOT_RECORD);
    expect(decide(counted(SamplingDecision.RECORD))).toBe(SamplingDecision.RECORD);
    expect(decide(counted(SamplingDecision.RECORD_AND_SAMPLED))).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(count).toBe(2);
    expect(counted(SamplingDecision.RECORD).toString()).toBe('Fixed{1}');
  });
});
