/** The dev collector's page: traces as waterfalls, metric points and logs, refreshed every 2 s. */
export const WEB_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>TelemetryFlow dev collector</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; background: #f6f7f9; color: #1d2330; }
  header { background: #1d2330; color: #fff; padding: 12px 20px; display: flex; gap: 16px; align-items: baseline; }
  header h1 { font-size: 18px; margin: 0; }
  header span { color: #aab3c5; font-size: 13px; }
  main { padding: 16px 20px; display: grid; gap: 20px; }
  section { background: #fff; border: 1px solid #dde1e8; border-radius: 6px; padding: 12px 16px; }
  h2 { font-size: 15px; margin: 0 0 10px; }
  .trace { margin-bottom: 16px; }
  .trace-title { font-weight: 600; margin-bottom: 6px; }
  .trace-title small { color: #6b7488; font-weight: 400; }
  .row { display: grid; grid-template-columns: 320px 1fr 80px; gap: 8px; align-items: center; height: 22px; }
  .name { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .kind { color: #6b7488; font-size: 11px; margin-left: 4px; }
  .lane { position: relative; height: 14px; background: #eef0f4; border-radius: 3px; }
  .waterfall-bar { position: absolute; top: 0; height: 14px; border-radius: 3px; background: #3d7eff; min-width: 2px; }
  .waterfall-bar.error { background: #e5484d; }
  .dur { text-align: right; color: #4a5366; font-variant-numeric: tabular-nums; }
  table { width: 100%; border-collapse: collapse; font-size: 13px; }
  th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #eef0f4; vertical-align: top; }
  th { color: #6b7488; font-weight: 500; }
  .sev-ERROR, .sev-FATAL { color: #c4262b; font-weight: 600; }
  .sev-WARN { color: #a36800; font-weight: 600; }
  .empty { color: #6b7488; }
  code { font-size: 12px; color: #4a5366; }
</style>
</head>
<body>
<header><h1>TelemetryFlow dev collector</h1><span id="summary">waiting for data…</span></header>
<main>
  <section><h2>Traces</h2><div id="traces" class="empty">No spans yet.</div></section>
  <section><h2>Metrics</h2><div id="metrics" class="empty">No metrics yet.</div></section>
  <section><h2>Logs</h2><div id="logs" class="empty">No logs yet.</div></section>
</main>
<script>
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const fmt = (ms) => (ms >= 1000 ? (ms / 1000).toFixed(2) + ' s' : ms.toFixed(1) + ' ms');
const attrs = (a) => Object.entries(a).map(([k, v]) => esc(k) + '=' + esc(v)).join(', ');

function depthOf(span, byId) {
  let depth = 0;
  for (let p = byId.get(span.parentSpanId); p && depth < 20; p = byId.get(p.parentSpanId)) depth++;
  return depth;
}

function renderTrace(trace) {
  const byId = new Map(trace.spans.map((s) => [s.spanId, s]));
  const total = Math.max(trace.durationMs, 0.001);
  const rows = trace.spans.map((s) => {
    const left = ((s.startMs - trace.startMs) / total) * 100;
    const width = Math.max((s.durationMs / total) * 100, 0.3);
    const indent = depthOf(s, byId) * 14;
    return '<div class="row" data-span-id="' + esc(s.spanId) + '">' +
      '<div class="name" style="padding-left:' + indent + 'px" title="' + esc(attrs(s.attributes)) + '">' + esc(s.name) +
      '<span class="kind">' + esc(s.kind) + '</span></div>' +
      '<div class="lane"><div class="waterfall-bar' + (s.status === 'error' ? ' error' : '') + '" style="left:' + left.toFixed(2) +
      '%;width:' + width.toFixed(2) + '%"></div></div><div class="dur">' + fmt(s.durationMs) + '</div></div>';
  });
  return '<div class="trace"><div class="trace-title">' + esc(trace.service) + ' <small>trace ' + esc(trace.traceId.slice(0, 16)) +
    ' · ' + trace.spans.length + ' spans · ' + fmt(trace.durationMs) + '</small></div>' + rows.join('') + '</div>';
}

function table(headers, rows) {
  return '<table><tr>' + headers.map((h) => '<th>' + h + '</th>').join('') + '</tr>' +
    rows.map((r) => '<tr>' + r.map((c) => '<td>' + c + '</td>').join('') + '</tr>').join('') + '</table>';
}

async function refresh() {
  try {
    const data = await (await fetch('/api/telemetry')).json();
    document.getElementById('summary').textContent =
      data.traces.length + ' traces · ' + data.metrics.length + ' metric series · ' + data.logs.length + ' logs';
    const traces = document.getElementById('traces');
    traces.className = data.traces.length ? '' : 'empty';
    traces.innerHTML = data.traces.length ? data.traces.slice(0, 30).map(renderTrace).join('') : 'No spans yet.';
    const metrics = document.getElementById('metrics');
    metrics.className = data.metrics.length ? '' : 'empty';
    metrics.innerHTML = data.metrics.length ? table(['service', 'metric', 'type', 'value', 'attributes'], data.metrics.map((m) => [
      esc(m.service), esc(m.name) + (m.unit ? ' <code>' + esc(m.unit) + '</code>' : ''), esc(m.type),
      m.type === 'histogram' ? 'count ' + m.count + ', sum ' + Number(m.value.toFixed(6)) : String(Number(m.value.toFixed(6))),
      '<code>' + attrs(m.attributes) + '</code>'])) : 'No metrics yet.';
    const logs = document.getElementById('logs');
    logs.className = data.logs.length ? '' : 'empty';
    logs.innerHTML = data.logs.length ? table(['time', 'severity', 'service', 'message', 'trace'], data.logs.slice(-200).reverse().map((l) => [
      new Date(l.timeMs).toISOString().slice(11, 23), '<span class="sev-' + esc(l.severity) + '">' + esc(l.severity) + '</span>',
      esc(l.service), esc(l.body) + ' <code>' + attrs(l.attributes) + '</code>', l.traceId ? '<code>' + esc(l.traceId.slice(0, 8)) + '</code>' : ''])) : 'No logs yet.';
  } catch (error) {
    document.getElementById('summary').textContent = 'collector unreachable';
  }
}
refresh();
setInterval(refresh, 2000);
</script>
</body>
</html>
`;
