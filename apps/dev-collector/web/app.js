/* global document, window, location, ResizeObserver, uPlot */
// The dev collector's page: polls /api/telemetry every 2 s and updates the DOM in place (keyed by
// trace id, metric and log position), so new data never resets the user's scroll or open panels.
'use strict';

const POLL_MS = 2000;
const MAX_TRACES_LISTED = 200;
const MAX_LOGS_LISTED = 500;
const SEVERITY_RANK = { TRACE: 1, DEBUG: 5, INFO: 9, WARN: 13, ERROR: 17, FATAL: 21 };
/** OTLP severity text as sent (`error`, `Warning`, `ERROR2`…) to its level: `ERROR`, `WARN`… */
const levelOf = (severity) =>
  Object.keys(SEVERITY_RANK).find((level) => String(severity).toUpperCase().startsWith(level)) ?? '';
const PALETTE = ['#3d7eff', '#e5484d', '#1f8a4c', '#a36800', '#8e4ec6', '#0d8a9a', '#d6409f', '#5b6478'];

const state = {
  data: undefined,
  paused: false,
  etag: null,
  unreachable: false,
  tab: 'traces',
  traceId: undefined,
  spanId: undefined,
  /** Trace id → trace, and trace id → logs, rebuilt per snapshot. */
  traces: new Map(),
  logsByTrace: new Map(),
  /** Metric card key → { card, chart, chartSig, histKey }. */
  cards: new Map(),
};

// ---------- small helpers ----------

/** Builds an element: el('div', { class: 'x', onclick: f }, child, 'text', …). Text is never parsed as HTML. */
function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof window.Node ? child : String(child));
  }
  return node;
}

const $ = (id) => document.getElementById(id);
const num = (v) => (Number.isFinite(v) ? String(Number(v.toPrecision(6))) : String(v));
// Numbers at 12 significant digits: without the float noise of sums (0.0023351799999998092).
const valueText = (v) =>
  typeof v === 'number' && Number.isFinite(v)
    ? String(Number(v.toPrecision(12)))
    : typeof v === 'object' && v !== null
      ? JSON.stringify(v)
      : String(v);
const fmtMs = (ms) =>
  ms >= 1000 ? (ms / 1000).toFixed(2) + ' s' : ms >= 10 ? ms.toFixed(1) + ' ms' : ms.toFixed(2) + ' ms';
const pad = (n, w = 2) => String(n).padStart(w, '0');
const fmtTime = (ms) => {
  const d = new Date(ms);
  return (
    pad(d.getHours()) +
    ':' +
    pad(d.getMinutes()) +
    ':' +
    pad(d.getSeconds()) +
    '.' +
    pad(d.getMilliseconds(), 3)
  );
};
const withUnit = (v, unit) => (v === undefined || v === null ? '–' : num(v) + (unit ? ' ' + unit : ''));
const plural = (n, word) => n + ' ' + word + (n === 1 ? '' : 's');
const cut = (text, max) => (text.length > max ? text.slice(0, max - 1) + '…' : text);
/** Attributes on one line, long values (stack traces) cut: the panels show them whole. */
const attrText = (a) =>
  Object.entries(a)
    .map(([k, v]) => k + '=' + cut(valueText(v), 120))
    .join(', ');

function kvTable(record) {
  const entries = Object.entries(record ?? {});
  if (entries.length === 0) return el('p', { class: 'empty' }, 'none');
  return el(
    'table',
    { class: 'kv' },
    entries.map(([k, v]) => el('tr', {}, el('td', {}, k), el('td', {}, valueText(v)))),
  );
}

/**
 * Makes `container`'s children match `items` in order, reusing each child whose key and signature are
 * unchanged: unchanged nodes stay, so the browser keeps scroll position, focus and selection.
 */
function reconcile(container, items, keyOf, sigOf, render) {
  const existing = new Map();
  for (const child of [...container.children]) {
    if (child.dataset.key === undefined) child.remove();
    else existing.set(child.dataset.key, child);
  }
  let previous = null;
  for (const item of items) {
    const key = keyOf(item);
    const sig = sigOf(item);
    let node = existing.get(key);
    existing.delete(key);
    if (node === undefined || node.dataset.sig !== sig) {
      const fresh = render(item);
      fresh.dataset.key = key;
      fresh.dataset.sig = sig;
      if (node !== undefined) node.replaceWith(fresh);
      node = fresh;
    }
    const wanted = previous === null ? container.firstChild : previous.nextSibling;
    if (node !== wanted) container.insertBefore(node, wanted);
    previous = node;
  }
  for (const stale of existing.values()) stale.remove();
}

function setOptions(select, values) {
  const current = select.value;
  const wanted = ['', ...values];
  const have = [...select.options].map((o) => o.value);
  if (have.join('\u0000') === wanted.join('\u0000')) return;
  select.replaceChildren(...wanted.map((v) => el('option', { value: v }, v === '' ? 'all' : v)));
  select.value = wanted.includes(current) ? current : '';
}

/** Click, or focus and press Enter: list items and waterfall rows work from the keyboard too. */
const activates = (action) => ({
  tabindex: 0,
  onclick: action,
  onkeydown: (event) => {
    if (event.key === 'Enter') action();
  },
});

const formValues = (form) => Object.fromEntries(new window.FormData(form).entries());

// ---------- navigation: #traces, #metrics, #logs, #trace=<id>[&span=<id>] ----------

function readHash() {
  const hash = location.hash.slice(1);
  const params = new URLSearchParams(hash.includes('=') ? hash : '');
  if (params.has('trace'))
    return { tab: 'traces', traceId: params.get('trace'), spanId: params.get('span') ?? undefined };
  return {
    tab: ['traces', 'metrics', 'logs'].includes(hash) ? hash : state.tab,
    traceId: state.traceId,
    spanId: state.spanId,
  };
}

/** Opens a trace (and a span in it) on the traces tab. */
function openTrace(traceId, spanId) {
  location.hash = 'trace=' + traceId + (spanId ? '&span=' + spanId : '');
}

function applyHash() {
  Object.assign(state, readHash());
  for (const tab of ['traces', 'metrics', 'logs']) $('tab-' + tab).hidden = tab !== state.tab;
  for (const link of document.querySelectorAll('nav a'))
    link.classList.toggle('active', link.dataset.tab === state.tab);
  render();
}

// ---------- traces ----------

const rootOf = (trace) =>
  trace.spans.find((s) => !s.parentSpanId || !trace.spans.some((p) => p.spanId === s.parentSpanId)) ??
  trace.spans[0];
const errorsIn = (trace) => trace.spans.filter((s) => s.status === 'error').length;

function attrMatcher(text) {
  if (!text) return () => true;
  const at = text.indexOf('=');
  const key = (at < 0 ? text : text.slice(0, at)).trim();
  const value = at < 0 ? undefined : text.slice(at + 1).trim();
  const has = (record) =>
    Object.prototype.hasOwnProperty.call(record, key) &&
    (value === undefined || valueText(record[key]) === value);
  return (span) => has(span.attributes) || has(span.resource ?? {});
}

function filterTraces(traces, f) {
  const name = (f.name ?? '').trim().toLowerCase();
  const traceId = (f.traceId ?? '').trim().toLowerCase();
  const minMs = f.minMs === '' || f.minMs === undefined ? 0 : Number(f.minMs);
  const attr = attrMatcher((f.attr ?? '').trim());
  return traces.filter((t) => {
    if (traceId && !t.traceId.startsWith(traceId)) return false;
    if (t.durationMs < minMs) return false;
    if (f.errors && errorsIn(t) === 0) return false;
    return t.spans.some(
      (s) =>
        (!f.service || s.service === f.service) && (!name || s.name.toLowerCase().includes(name)) && attr(s),
    );
  });
}

function renderTraceItem(trace) {
  const root = rootOf(trace);
  const errors = errorsIn(trace);
  return el(
    'li',
    {
      class: errors ? 'has-error' : undefined,
      dataset: { traceId: trace.traceId },
      ...activates(() => openTrace(trace.traceId)),
    },
    el('div', { class: 't-name' }, trace.service + ': ' + (root?.name ?? '?')),
    el(
      'div',
      { class: 't-meta' },
      el('span', {}, fmtTime(trace.startMs)),
      el('span', {}, plural(trace.spans.length, 'span')),
      el('span', {}, fmtMs(trace.durationMs)),
      errors ? el('span', { class: 'badge-error' }, errors + ' error' + (errors > 1 ? 's' : '')) : undefined,
      el('code', {}, trace.traceId.slice(0, 8)),
    ),
  );
}

function renderTraceList() {
  const data = state.data;
  const form = $('trace-filters');
  setOptions(
    form.elements.service,
    [...new Set(data.traces.flatMap((t) => t.spans.map((s) => s.service)))].sort(),
  );
  const f = formValues(form);
  const matching = filterTraces(data.traces, f);
  const shown = matching.slice(0, MAX_TRACES_LISTED);
  reconcile(
    $('trace-list'),
    shown,
    (t) => t.traceId,
    (t) => t.spans.length + '/' + errorsIn(t),
    renderTraceItem,
  );
  for (const li of $('trace-list').children)
    li.classList.toggle('selected', li.dataset.key === state.traceId);
  $('trace-count').textContent =
    (matching.length > shown.length ? 'showing the newest ' + shown.length + ' of ' : '') +
    matching.length +
    ' matching of ' +
    data.traces.length +
    ' traces in memory, newest first';
  // A trace-id lookup that finds exactly one trace opens it.
  if ((f.traceId ?? '').trim() && matching.length === 1 && state.traceId !== matching[0].traceId)
    openTrace(matching[0].traceId);
}

function depthOf(span, byId) {
  let depth = 0;
  for (let p = byId.get(span.parentSpanId); p && depth < 30; p = byId.get(p.parentSpanId)) depth++;
  return depth;
}

function renderWaterfall(trace) {
  const byId = new Map(trace.spans.map((s) => [s.spanId, s]));
  const total = Math.max(trace.durationMs, 0.001);
  const logs = state.logsByTrace.get(trace.traceId) ?? [];
  const remote = trace.spans.find((s) => s.parentSpanId && !byId.has(s.parentSpanId));
  const rows = trace.spans.map((s) => {
    const left = ((s.startMs - trace.startMs) / total) * 100;
    const width = Math.max((s.durationMs / total) * 100, 0.3);
    const error = s.status === 'error';
    return el(
      'div',
      { class: 'row', dataset: { spanId: s.spanId }, ...activates(() => openTrace(trace.traceId, s.spanId)) },
      el(
        'div',
        { class: 'name', style: 'padding-left:' + depthOf(s, byId) * 14 + 'px' },
        error ? el('span', { class: 'err-mark', title: 'error' }, '!') : undefined,
        s.name,
        el('span', { class: 'kind' }, s.kind),
        error && s.statusMessage ? el('span', { class: 'err-text' }, s.statusMessage) : undefined,
      ),
      el(
        'div',
        { class: 'lane' },
        el('div', {
          class: 'waterfall-bar' + (error ? ' error' : ''),
          style: 'left:' + left.toFixed(2) + '%;width:' + width.toFixed(2) + '%',
        }),
        s.events.map((e) =>
          el('div', {
            class: 'event-tick' + (e.name === 'exception' ? ' exception' : ''),
            style: 'left:' + Math.min(99.7, ((e.timeMs - trace.startMs) / total) * 100).toFixed(2) + '%',
            title: e.name,
          }),
        ),
      ),
      el('div', { class: 'dur' }, fmtMs(s.durationMs)),
    );
  });
  return el(
    'div',
    {},
    el(
      'div',
      { class: 'trace-title' },
      trace.service + ' ',
      el(
        'small',
        {},
        'trace ',
        el('code', {}, trace.traceId),
        ' · ' +
          plural(trace.spans.length, 'span') +
          ' · ' +
          fmtMs(trace.durationMs) +
          ' · ' +
          fmtTime(trace.startMs),
        logs.length ? ' · ' : '',
        logs.length
          ? el(
              'button',
              { type: 'button', class: 'link', onclick: () => showLogsOf(trace.traceId) },
              plural(logs.length, 'log'),
            )
          : undefined,
        remote ? ' · continues remote parent ' + remote.parentSpanId.slice(0, 8) : '',
      ),
    ),
    rows,
  );
}

function renderTraceView() {
  const view = $('trace-view');
  const trace = state.traceId ? state.traces.get(state.traceId) : undefined;
  const logs = trace ? (state.logsByTrace.get(trace.traceId) ?? []).length : 0;
  const sig =
    state.traceId === undefined
      ? 'none'
      : trace
        ? trace.traceId + '/' + trace.spans.length + '/' + logs
        : 'missing/' + state.traceId;
  if (view.dataset.sig !== sig) {
    view.dataset.sig = sig;
    view.className = trace ? '' : 'empty';
    if (trace) view.replaceChildren(renderWaterfall(trace));
    else if (state.traceId)
      view.replaceChildren('Trace ' + state.traceId + ' is not in memory (not received yet, or evicted).');
    else view.replaceChildren('Select a trace.');
  }
  for (const row of view.querySelectorAll('.row'))
    row.classList.toggle('selected', row.dataset.spanId === state.spanId);
  renderSpanPanel(trace);
}

function exceptionEvent(event, span) {
  const a = event.attributes;
  const rest = Object.fromEntries(Object.entries(a).filter(([k]) => !k.startsWith('exception.')));
  return el(
    'div',
    { class: 'event exception' },
    el('strong', {}, 'exception'),
    ' ',
    el('span', { class: 'mono' }, '+' + fmtMs(event.timeMs - span.startMs)),
    el(
      'div',
      { class: 'status-error' },
      (a['exception.type'] ?? 'Error') + ': ' + (a['exception.message'] ?? ''),
    ),
    a['exception.stacktrace'] ? el('pre', {}, String(a['exception.stacktrace'])) : undefined,
    Object.keys(rest).length ? kvTable(rest) : undefined,
  );
}

function renderSpanPanel(trace) {
  const panel = $('span-panel');
  const span = trace?.spans.find((s) => s.spanId === state.spanId);
  if (!span) {
    panel.hidden = true;
    panel.dataset.sig = '';
    return;
  }
  const logs = (state.logsByTrace.get(trace.traceId) ?? []).filter((l) => l.spanId === span.spanId);
  const sig = trace.traceId + '/' + span.spanId + '/' + logs.length;
  panel.hidden = false;
  if (panel.dataset.sig === sig) return;
  panel.dataset.sig = sig;
  const parent = span.parentSpanId ? trace.spans.find((s) => s.spanId === span.parentSpanId) : undefined;
  const status =
    span.status === 'error'
      ? el('span', { class: 'status-error' }, 'ERROR' + (span.statusMessage ? ': ' + span.statusMessage : ''))
      : el('span', { class: span.status === 'ok' ? 'status-ok' : '' }, span.status.toUpperCase());
  const parts = [
    el('button', { type: 'button', class: 'close link', onclick: () => openTrace(trace.traceId) }, 'close'),
    el('h3', {}, span.name, ' ', el('span', { class: 'kind' }, span.kind)),
    el(
      'div',
      {},
      'status ',
      status,
      ' · ' +
        fmtMs(span.durationMs) +
        ' · starts at +' +
        fmtMs(span.startMs - trace.startMs) +
        ' · ' +
        span.service,
    ),
    el(
      'table',
      { class: 'kv' },
      el('tr', {}, el('td', {}, 'trace id'), el('td', {}, span.traceId)),
      el('tr', {}, el('td', {}, 'span id'), el('td', {}, span.spanId)),
      el(
        'tr',
        {},
        el('td', {}, 'parent'),
        el(
          'td',
          {},
          parent
            ? el(
                'button',
                { type: 'button', class: 'link', onclick: () => openTrace(trace.traceId, parent.spanId) },
                parent.name + ' (' + parent.spanId + ')',
              )
            : span.parentSpanId
              ? 'remote ' + span.parentSpanId
              : 'none (root span)',
        ),
      ),
      el('tr', {}, el('td', {}, 'scope'), el('td', {}, span.scope || '–')),
    ),
    el('h4', {}, 'Events (' + span.events.length + ')'),
    span.events.length === 0
      ? el('p', { class: 'empty' }, 'none')
      : span.events.map((e) =>
          e.name === 'exception'
            ? exceptionEvent(e, span)
            : el(
                'div',
                { class: 'event' },
                el('strong', {}, e.name),
                ' ',
                el('span', { class: 'mono' }, '+' + fmtMs(e.timeMs - span.startMs)),
                kvTable(e.attributes),
              ),
        ),
    el('h4', {}, 'Attributes'),
    kvTable(span.attributes),
    el('h4', {}, 'Logs in this span (' + logs.length + ')'),
    logs.length === 0
      ? el('p', { class: 'empty' }, 'none')
      : el(
          'table',
          { class: 'grid' },
          logs.map((l) =>
            el(
              'tr',
              {},
              el('td', { class: 'mono' }, fmtTime(l.timeMs)),
              el('td', { class: 'sev-' + levelOf(l.severity) }, l.severity),
              el('td', {}, l.body, ' ', el('code', {}, attrText(l.attributes))),
            ),
          ),
        ),
    el('h4', {}, 'Links (' + span.links.length + ')'),
    span.links.length === 0
      ? el('p', { class: 'empty' }, 'none')
      : el(
          'ul',
          {},
          span.links.map((l) =>
            el(
              'li',
              {},
              state.traces.has(l.traceId)
                ? el(
                    'button',
                    { type: 'button', class: 'link', onclick: () => openTrace(l.traceId, l.spanId) },
                    l.traceId + ' / ' + l.spanId,
                  )
                : el('code', {}, l.traceId + ' / ' + l.spanId + ' (not in memory)'),
              Object.keys(l.attributes).length ? ' ' + attrText(l.attributes) : '',
            ),
          ),
        ),
    el('h4', {}, 'Resource'),
    kvTable(span.resource),
  ];
  panel.replaceChildren(...parts.flat(Infinity).filter((part) => part !== undefined));
}

// ---------- metrics ----------

const seriesLabel = (s) => attrText(s.attributes) || '(no attributes)';

function metricGroups(series, f) {
  const groups = new Map();
  const name = (f.name ?? '').trim().toLowerCase();
  for (const s of series) {
    if (f.service && s.service !== f.service) continue;
    if (name && !s.name.toLowerCase().includes(name)) continue;
    const key = s.service + '\u0000' + s.name;
    const group = groups.get(key) ?? {
      key,
      service: s.service,
      name: s.name,
      unit: s.unit,
      type: s.type,
      series: [],
    };
    group.series.push(s);
    groups.set(key, group);
  }
  return [...groups.values()].sort(
    (a, b) => a.service.localeCompare(b.service) || a.name.localeCompare(b.name),
  );
}

function chartWidth(card) {
  return Math.max(280, card.clientWidth - 30);
}

/** Counters and gauges: one line per attribute set, x = time of each point received. */
function timeSeriesData(group) {
  const times = [...new Set(group.series.flatMap((s) => s.points.map((p) => p.timeMs)))].sort(
    (a, b) => a - b,
  );
  const index = new Map(times.map((t, i) => [t, i]));
  const columns = group.series.map((s) => {
    const column = new Array(times.length).fill(null);
    for (const p of s.points) column[index.get(p.timeMs)] = p.value;
    return column;
  });
  return [times.map((t) => t / 1000), ...columns];
}

function timeSeriesChart(card, group, data) {
  const unit = group.unit;
  const only = data[0].length === 1 ? data[0][0] : undefined;
  return new uPlot(
    {
      width: chartWidth(card),
      height: 220,
      // uPlot spreads a single time over years: show the minute around it (rebuilt at the second point).
      scales: {
        x: only === undefined ? { time: true } : { time: true, auto: false, range: [only - 30, only + 30] },
      },
      legend: { live: false },
      series: [
        { label: 'time' },
        ...group.series.map((s, i) => ({
          label: seriesLabel(s),
          stroke: PALETTE[i % PALETTE.length],
          width: 2,
          spanGaps: true,
          points: { show: true, size: 5 },
          value: (_u, v) => withUnit(v, unit),
        })),
      ],
      axes: [
        { label: 'time' },
        {
          label: (group.type === 'sum' ? 'total' : 'value') + (unit ? ' (' + unit + ')' : ''),
          size: 70,
          values: (_u, ticks) => ticks.map((v) => num(v)),
        },
      ],
    },
    data,
    card.querySelector('.chart'),
  );
}

/** The histogram point a card shows: the latest of the chosen attribute set. */
function histogramPoint(group, entry) {
  const series = group.series.find((s) => seriesLabel(s) === entry.histKey) ?? group.series[0];
  entry.histKey = seriesLabel(series);
  return series.points.at(-1);
}

function bucketLabels(bounds) {
  return bounds.length === 0 ? ['all'] : [...bounds.map((b) => '≤' + num(b)), '>' + num(bounds.at(-1))];
}

function histogramData(point) {
  const counts = point.histogram?.bucketCounts ?? [];
  return [counts.map((_, i) => i), counts.map(Number)];
}

function histogramChart(card, group, point) {
  const labels = bucketLabels(point.histogram?.explicitBounds ?? []);
  return new uPlot(
    {
      width: chartWidth(card),
      height: 220,
      scales: { x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] } },
      legend: { show: false },
      series: [
        { label: 'bucket' },
        {
          label: 'count',
          fill: '#3d7eff99',
          stroke: '#3d7eff',
          paths: uPlot.paths.bars({ size: [0.85, 60] }),
          points: { show: false },
        },
      ],
      axes: [
        {
          label: 'bucket upper bound' + (group.unit ? ' (' + group.unit + ')' : ''),
          // One tick per bucket, labelled with its upper bound.
          splits: () => labels.map((_, i) => i),
          values: (_u, ticks) => ticks.map((t) => labels[t] ?? ''),
          rotate: -40,
          size: 64,
        },
        { label: 'count', values: (_u, ticks) => ticks.map((v) => num(v)) },
      ],
    },
    histogramData(point),
    card.querySelector('.chart'),
  );
}

function exemplarLinks(group) {
  const exemplars = group.series
    .flatMap((s) => s.points.flatMap((p) => p.exemplars ?? []))
    .filter((e) => e.traceId);
  if (exemplars.length === 0) return undefined;
  return el(
    'div',
    { class: 'exemplars' },
    'Exemplars: ',
    exemplars
      .slice(-6)
      .reverse()
      .map((e) => [
        el(
          'button',
          {
            type: 'button',
            class: 'link',
            dataset: { traceId: e.traceId },
            onclick: () => openTrace(e.traceId, e.spanId),
          },
          withUnit(e.value, group.unit) + ' @ ' + fmtTime(e.timeMs) + ' → trace ' + e.traceId.slice(0, 8),
        ),
        ' ',
      ]),
  );
}

function renderMetricCard(group) {
  const type = group.type === 'sum' ? 'counter (sum)' : group.type;
  const temporality = group.series[0]?.points.at(-1)?.temporality;
  return el(
    'div',
    { class: 'metric-card', dataset: { metric: group.name, type: group.type } },
    el('h3', {}, group.name),
    el(
      'div',
      { class: 'm-meta' },
      group.service +
        ' · ' +
        type +
        (temporality ? ' · ' + temporality : '') +
        (group.unit ? ' · unit ' + group.unit : '') +
        ' · ' +
        plural(group.series.length, 'attribute set'),
    ),
    group.type === 'histogram' ? el('select', { class: 'hist-series' }) : undefined,
    group.type === 'histogram' ? el('div', { class: 'm-stats' }) : undefined,
    el('div', { class: 'chart' }),
    el('div', { class: 'exemplar-slot' }),
  );
}

function updateHistogramCard(entry, group) {
  const select = entry.card.querySelector('.hist-series');
  const labels = group.series.map(seriesLabel);
  if ([...select.options].map((o) => o.value).join('\u0000') !== labels.join('\u0000')) {
    select.replaceChildren(...labels.map((l) => el('option', { value: l }, l)));
  }
  const point = histogramPoint(group, entry);
  select.value = entry.histKey;
  const h = point.histogram ?? {};
  const u = group.unit;
  entry.card.querySelector('.m-stats').textContent =
    'count ' +
    point.count +
    ' · sum ' +
    withUnit(point.value, u) +
    ' · p50 ≈ ' +
    withUnit(h.p50, u) +
    ' · p99 ≈ ' +
    withUnit(h.p99, u) +
    ' · min ' +
    withUnit(h.min, u) +
    ' · max ' +
    withUnit(h.max, u) +
    (point.temporality === 'delta' ? ' (last interval)' : ' (since start)');
  return point;
}

function dropCard(entry) {
  entry.resize?.disconnect();
  entry.chart?.destroy();
}

function renderMetrics() {
  const data = state.data;
  const form = $('metric-filters');
  setOptions(form.elements.service, [...new Set(data.series.map((s) => s.service))].sort());
  const groups = metricGroups(data.series, formValues(form));
  const grid = $('metric-grid');
  if (groups.length === 0) {
    for (const entry of state.cards.values()) dropCard(entry);
    state.cards.clear();
    grid.replaceChildren(
      el('p', { class: 'empty' }, data.series.length ? 'No metric matches.' : 'No metrics yet.'),
    );
    return;
  }
  reconcile(
    grid,
    groups,
    (g) => g.key,
    (g) => g.type + '/' + g.unit,
    (g) => {
      const old = state.cards.get(g.key);
      if (old !== undefined) dropCard(old);
      const card = renderMetricCard(g);
      const entry = { card, chart: undefined, chartSig: '', histKey: undefined, resize: undefined };
      state.cards.set(g.key, entry);
      if (g.type === 'histogram') {
        card.querySelector('.hist-series').addEventListener('change', (event) => {
          entry.histKey = event.target.value;
          entry.chartSig = '';
          renderMetrics();
        });
      }
      entry.resize = new ResizeObserver(() => entry.chart?.setSize({ width: chartWidth(card), height: 220 }));
      entry.resize.observe(card);
      return card;
    },
  );
  const shown = new Set(groups.map((g) => g.key));
  for (const [key, entry] of state.cards) {
    if (!shown.has(key)) {
      dropCard(entry);
      state.cards.delete(key);
    }
  }
  for (const group of groups) {
    const entry = state.cards.get(group.key);
    if (group.type === 'histogram') {
      const point = updateHistogramCard(entry, group);
      const sig = entry.histKey + '/' + (point.histogram?.explicitBounds ?? []).join(',');
      if (entry.chartSig !== sig) {
        entry.chart?.destroy();
        entry.chart = histogramChart(entry.card, group, point);
        entry.chartSig = sig;
      } else entry.chart.setData(histogramData(point));
    } else if (group.type === 'sum' || group.type === 'gauge') {
      // A new attribute set is a new line: rebuild; otherwise only the data changes.
      const data = timeSeriesData(group);
      const sig = group.series.map(seriesLabel).join('\u0000') + (data[0].length === 1 ? '/1' : '');
      if (entry.chartSig !== sig) {
        entry.chart?.destroy();
        entry.chart = timeSeriesChart(entry.card, group, data);
        entry.chartSig = sig;
      } else entry.chart.setData(data);
    }
    const links = exemplarLinks(group);
    const slot = entry.card.querySelector('.exemplar-slot');
    const linksSig = links ? links.textContent : '';
    if (slot.dataset.sig !== linksSig) {
      slot.dataset.sig = linksSig;
      slot.replaceChildren(...(links ? [links] : []));
    }
  }
}

// ---------- logs ----------

function showLogsOf(traceId) {
  const form = $('log-filters');
  form.elements.text.value = traceId;
  location.hash = 'logs';
}

function renderLogs() {
  const data = state.data;
  const form = $('log-filters');
  setOptions(form.elements.service, [...new Set(data.logs.map((l) => l.service))].sort());
  const f = formValues(form);
  const minRank = f.severity ? SEVERITY_RANK[f.severity] : 0;
  const text = (f.text ?? '').trim().toLowerCase();
  const base = data.evicted.logs;
  const rows = [];
  for (let i = data.logs.length - 1; i >= 0 && rows.length < MAX_LOGS_LISTED; i--) {
    const l = data.logs[i];
    if (f.service && l.service !== f.service) continue;
    if (minRank && (SEVERITY_RANK[levelOf(l.severity)] ?? 0) < minRank) continue;
    if (
      text &&
      !(l.body + ' ' + JSON.stringify(l.attributes) + ' ' + (l.traceId ?? '')).toLowerCase().includes(text)
    )
      continue;
    rows.push({ log: l, seq: base + i });
  }
  // Keyed by position since the collector started: a new log is one new row, old rows stay.
  reconcile(
    $('log-table').tBodies[0],
    rows,
    (r) => String(r.seq),
    () => '',
    ({ log: l }) =>
      el(
        'tr',
        {},
        el('td', { class: 'mono' }, fmtTime(l.timeMs)),
        el('td', { class: 'sev-' + levelOf(l.severity) }, l.severity),
        el('td', {}, l.service),
        el('td', {}, l.body, ' ', el('code', {}, attrText(l.attributes))),
        el(
          'td',
          {},
          l.traceId
            ? el(
                'button',
                {
                  type: 'button',
                  class: 'link trace-link',
                  dataset: { traceId: l.traceId },
                  onclick: () => openTrace(l.traceId, l.spanId),
                },
                l.traceId.slice(0, 16),
              )
            : '',
        ),
      ),
  );
  $('log-count').textContent =
    'showing ' + rows.length + ' of ' + data.logs.length + ' logs in memory, newest first';
}

// ---------- polling ----------

function render() {
  const data = state.data;
  if (data === undefined) return;
  if (state.tab === 'traces') {
    renderTraceList();
    renderTraceView();
  } else if (state.tab === 'metrics') renderMetrics();
  else renderLogs();
}

function accept(data) {
  state.data = data;
  state.traces = new Map(data.traces.map((t) => [t.traceId, t]));
  state.logsByTrace = new Map();
  for (const l of data.logs) {
    if (!l.traceId) continue;
    const list = state.logsByTrace.get(l.traceId) ?? [];
    list.push(l);
    state.logsByTrace.set(l.traceId, list);
  }
  const spans = data.traces.reduce((n, t) => n + t.spans.length, 0);
  $('summary').textContent =
    data.traces.length +
    ' traces · ' +
    spans +
    ' spans · ' +
    data.series.length +
    ' metric series · ' +
    data.logs.length +
    ' logs';
  const e = data.evicted;
  const evicted = [
    e.spans && e.spans + ' spans',
    e.logs && e.logs + ' logs',
    e.series && e.series + ' metric series',
    e.points && e.points + ' metric points',
  ].filter(Boolean);
  $('evicted').hidden = evicted.length === 0;
  $('evicted').textContent =
    'older data evicted: ' +
    evicted.join(', ') +
    ' (the collector keeps the last ' +
    data.limits.maxItems +
    ' of each, ' +
    data.limits.pointsPerSeries +
    ' points per series)';
  render();
}

async function poll() {
  if (!state.paused) {
    try {
      // The server answers 304 while nothing arrived; the browser then hands back its cached copy.
      const response = await fetch('/api/telemetry', { cache: 'no-cache' });
      const etag = response.headers.get('etag');
      if (state.unreachable || etag === null || etag !== state.etag) {
        const data = await response.json();
        state.etag = etag;
        state.unreachable = false;
        accept(data);
      }
    } catch {
      state.unreachable = true;
      $('summary').textContent = 'collector unreachable';
    }
  }
  setTimeout(poll, POLL_MS);
}

function setPaused(paused) {
  state.paused = paused;
  const button = $('pause');
  button.setAttribute('aria-pressed', String(paused));
  button.textContent = paused ? 'Resume' : 'Pause';
}

$('pause').addEventListener('click', () => {
  setPaused(!state.paused);
  if (!state.paused) {
    fetch('/api/telemetry', { cache: 'no-cache' })
      .then((r) => r.json())
      .then(accept)
      .catch(() => undefined);
  }
});
for (const form of document.querySelectorAll('form.filters')) {
  form.addEventListener('input', render);
  form.addEventListener('submit', (event) => event.preventDefault());
}
window.addEventListener('hashchange', applyHash);
applyHash();
void poll();
