// Gallop dashboard: a small single-page app over the JSON API. No build step, no libraries.
// Every API call carries the token from the URL fragment (#token=...), kept in sessionStorage.
'use strict';

const WF_STATUSES = ['PENDING', 'RUNNING', 'PAUSED', 'COMPLETED', 'FAILED', 'CANCELLED'];
const TASK_STATUSES = ['PENDING', 'CLAIMED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'EXPIRED'];
const NODE_STATUSES = ['PENDING', 'READY', 'ENQUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'SKIPPED'];
const MAX_DRAWN_NODES = 1500;

let refreshMillis = 1000;
let timer = null;
let viewToken = 0; // bumps on every navigation so stale polls stop

// ---------- helpers ----------
function esc(v) {
  return String(v ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}
function pill(status) { return `<span class="pill ${esc(status)}">${esc(status)}</span>`; }
function when(iso) {
  if (!iso) return '<span class="muted">–</span>';
  const d = new Date(iso);
  return `<span title="${esc(iso)}">${esc(d.toLocaleString())}</span>`;
}
function ago(iso) {
  if (!iso) return '–';
  const s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
  if (s < 60) return s + ' s ago';
  if (s < 3600) return Math.round(s / 60) + ' min ago';
  if (s < 86400) return Math.round(s / 3600) + ' h ago';
  return Math.round(s / 86400) + ' d ago';
}
function duration(from, to) {
  if (!from) return '–';
  const ms = (to ? new Date(to) : new Date()) - new Date(from);
  if (ms < 1000) return ms + ' ms';
  if (ms < 60000) return (ms / 1000).toFixed(1) + ' s';
  if (ms < 3600000) return Math.floor(ms / 60000) + ' min ' + Math.round((ms % 60000) / 1000) + ' s';
  return (ms / 3600000).toFixed(1) + ' h';
}
function json(v) { return `<pre>${esc(JSON.stringify(v, null, 2))}</pre>`; }
function token() { return sessionStorage.getItem('gallop.token'); }
function view() { return document.getElementById('view'); }
function setLive(ok) { document.getElementById('live').classList.toggle('stale', !ok); }

class AuthError extends Error {}

async function api(path, method = 'GET') {
  const res = await fetch('/api' + path, { method, headers: { Authorization: 'Bearer ' + token() } });
  if (res.status === 401) throw new AuthError('the token was refused');
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.error || (res.status + ' ' + res.statusText));
  return body;
}

function poll(fn) {
  const mine = viewToken;
  const tick = async () => {
    if (mine !== viewToken) return;
    try { await fn(); setLive(true); } catch (e) {
      if (e instanceof AuthError) { showLogin(e.message); return; }
      setLive(false);
      console.warn(e);
    }
    if (mine === viewToken) timer = setTimeout(tick, refreshMillis);
  };
  tick();
}

// ---------- routing ----------
function route() {
  viewToken++;
  clearTimeout(timer);
  if (!token()) { showLogin(); return; }
  const hash = location.hash.replace(/^#\/?/, '');
  const slash = hash.indexOf('/');
  // an id may contain '/', encoded or not: everything after the page name is the id
  const page = slash < 0 ? hash : hash.slice(0, slash);
  const id = slash < 0 ? undefined : decodeURIComponent(hash.slice(slash + 1));
  document.querySelectorAll('[data-nav]').forEach(a => a.classList.toggle('active', a.dataset.nav === (page || 'workflows')));
  if (page === 'workflow' && id) return workflowPage(id);
  if (page === 'task' && id) return taskPage(id);
  if (page === 'tasks') return tasksPage();
  if (page === 'queues') return queuesPage();
  if (page === 'workers') return workersPage();
  return workflowsPage();
}

function showLogin(problem) {
  viewToken++;
  clearTimeout(timer);
  sessionStorage.removeItem('gallop.token');
  view().innerHTML = `
    <div class="panel login">
      <h1>Access token</h1>
      <p class="muted">The dashboard printed a link with its token when it started
      (<code>gallop dashboard</code>). Open that link, or paste the token here.</p>
      ${problem ? `<p class="error">${esc(problem)}</p>` : ''}
      <form id="login"><input id="token" autocomplete="off" placeholder="token">
      <button class="primary" type="submit">Open dashboard</button></form>
    </div>`;
  document.getElementById('login').addEventListener('submit', e => {
    e.preventDefault();
    sessionStorage.setItem('gallop.token', document.getElementById('token').value.trim());
    location.hash = '#/workflows';
    route();
  });
}

// ---------- workflows ----------
function workflowsPage() {
  const f = JSON.parse(sessionStorage.getItem('gallop.wf.filters') || '{}');
  view().innerHTML = `
    <h1>Workflows</h1>
    <form class="filters" id="wf-filters">
      <label>Status <select name="status"><option value="">any</option>
        ${WF_STATUSES.map(s => `<option ${f.status === s ? 'selected' : ''}>${s}</option>`).join('')}</select></label>
      <label>Name contains <input name="name" value="${esc(f.name || '')}" placeholder="e.g. etl"></label>
      <label>Created <select name="since">
        ${[['', 'any time'], ['15m', 'last 15 min'], ['1h', 'last hour'], ['24h', 'last 24 h'], ['7d', 'last 7 days']]
          .map(([v, t]) => `<option value="${v}" ${f.since === v ? 'selected' : ''}>${t}</option>`).join('')}</select></label>
      <label><span>&nbsp;</span><span><input type="checkbox" name="topLevel" ${f.topLevel ? 'checked' : ''}> top-level only</span></label>
    </form>
    <div id="wf-list"></div>`;
  const form = document.getElementById('wf-filters');
  form.addEventListener('change', () => {
    const d = new FormData(form);
    sessionStorage.setItem('gallop.wf.filters', JSON.stringify({
      status: d.get('status'), name: d.get('name'), since: d.get('since'), topLevel: d.get('topLevel') === 'on' }));
    workflowsPage();
  });
  form.addEventListener('submit', e => { e.preventDefault(); form.dispatchEvent(new Event('change')); });
  const q = new URLSearchParams();
  if (f.status) q.set('status', f.status);
  if (f.name) q.set('name', f.name);
  if (f.since) q.set('since', f.since);
  if (f.topLevel) q.set('topLevel', 'true');
  q.set('limit', '100');
  poll(async () => {
    const rows = await api('/workflows?' + q);
    document.getElementById('wf-list').innerHTML = rows.length === 0
      ? '<div class="panel empty">No workflows match.</div>'
      : `<table><thead><tr><th>Workflow</th><th>Name</th><th>Status</th><th>Created</th><th>Duration</th><th>Parent</th></tr></thead><tbody>
        ${rows.map(w => `<tr data-workflow-id="${esc(w.workflowId)}">
          <td><a class="mono" href="#/workflow/${encodeURIComponent(w.workflowId)}">${esc(w.workflowId)}</a></td>
          <td>${esc(w.name)}</td><td>${pill(w.status)}</td><td>${when(w.createdAt)}</td>
          <td>${duration(w.startedAt, w.completedAt)}</td>
          <td>${w.parentWorkflowId ? `<a class="mono" href="#/workflow/${encodeURIComponent(w.parentWorkflowId)}">${esc(w.parentWorkflowId)}</a>` : '<span class="muted">–</span>'}</td>
        </tr>`).join('')}</tbody></table>`;
  });
}

function workflowPage(id) {
  view().innerHTML = `
    <div class="head"><h1>Workflow <span class="mono">${esc(id)}</span></h1> <span id="wf-status"></span>
      <div class="actions">
        <button id="btn-pause" disabled>Pause</button><button id="btn-resume" disabled>Resume</button>
        <button id="btn-cancel" class="danger" disabled>Cancel</button>
      </div></div>
    <div class="meta" id="wf-meta"></div>
    <p id="wf-msg" class="error"></p>
    <div class="split">
      <div class="panel">
        <div class="legend">${NODE_STATUSES.map(s => `<span style="--c: var(--${s.toLowerCase()})">${s}</span>`).join('')}</div>
        <div class="dag" id="dag"></div>
      </div>
      <div class="panel" id="node-panel"><p class="muted">Click a node to see its result, error, attempts and timings.</p></div>
    </div>
    <h2>Nodes</h2><div id="node-table"></div>`;
  let drawn = null; // structure key of the drawn graph
  let listed = null; // status key of the node table
  let selected = null;
  let selectedStatus = null; // the selected node's status when its panel was last loaded
  for (const action of ['pause', 'resume', 'cancel']) {
    document.getElementById('btn-' + action).addEventListener('click', async () => {
      if (action === 'cancel' && !confirm('Cancel workflow ' + id + '? Running tasks are asked to stop.')) return;
      const msg = document.getElementById('wf-msg');
      try {
        const r = await api(`/workflow/${action}?id=${encodeURIComponent(id)}`, 'POST');
        msg.textContent = r.changed ? '' : `Nothing to ${action}: the workflow is ${r.status}.`;
        msg.className = r.changed ? 'error' : 'muted';
      } catch (e) { msg.textContent = e.message; msg.className = 'error'; }
    });
  }
  const selectNode = async index => {
    selected = index;
    document.querySelectorAll('g.node').forEach(g => g.classList.toggle('selected', Number(g.dataset.index) === index));
    await showNode(id, index);
  };
  const render = async g => {
    const w = g.workflow;
    document.getElementById('wf-status').innerHTML = pill(w.status);
    document.getElementById('wf-status').dataset.status = w.status;
    const terminal = ['COMPLETED', 'FAILED', 'CANCELLED'].includes(w.status);
    document.getElementById('btn-pause').disabled = w.status !== 'RUNNING' || w.depth > 0;
    document.getElementById('btn-resume').disabled = w.status !== 'PAUSED' || w.depth > 0;
    document.getElementById('btn-cancel').disabled = terminal || w.depth > 0;
    const counts = {};
    g.nodes.forEach(n => { counts[n.status] = (counts[n.status] || 0) + 1; });
    document.getElementById('wf-meta').innerHTML = `
      <span>name <b>${esc(w.name)}</b></span><span>created <b>${when(w.createdAt)}</b></span>
      <span>duration <b>${duration(w.startedAt, w.completedAt)}</b></span>
      <span>nodes <b>${g.nodes.length}</b> (${Object.entries(counts).map(([s, n]) => `${n} ${s.toLowerCase()}`).join(', ')})</span>
      ${w.parentWorkflowId ? `<span>parent <a class="mono" href="#/workflow/${encodeURIComponent(w.parentWorkflowId)}">${esc(w.parentWorkflowId)}</a></span>` : ''}
      ${w.depth > 0 ? '<span>(a child: pause, resume and cancel act on its top-level workflow)</span>' : ''}`;
    const key = g.nodes.map(n => n.index + ':' + n.dependencies.join(',')).join(';');
    if (key !== drawn) {
      drawDag(document.getElementById('dag'), g.nodes, selectNode);
      drawn = key;
    }
    updateDag(g.nodes);
    // redraw the table and reload the open node only when a status changed
    const statuses = g.nodes.map(n => n.status).join(',');
    if (statuses !== listed) {
      nodeTable(g.nodes, selectNode);
      listed = statuses;
    }
    if (selected !== null && g.nodes[selected] && g.nodes[selected].status !== selectedStatus) {
      selectedStatus = g.nodes[selected].status;
      await showNode(id, selected);
    }
  };
  const missing = message => {
    document.getElementById('wf-status').innerHTML = pill('UNKNOWN');
    document.getElementById('wf-msg').textContent = message;
    document.getElementById('dag').innerHTML = `<div class="notice">${esc(message)}</div>`;
    ['pause', 'resume', 'cancel'].forEach(a => { document.getElementById('btn-' + a).disabled = true; });
  };
  stream(`/workflow/events?id=${encodeURIComponent(id)}`, {
    graph: render,
    gone: () => missing(`Workflow '${id}' was deleted.`),
  }, status => status === 404 ? missing(`No workflow '${id}'.`) : null);
}

// Server-Sent Events read through fetch, so that the token travels in a header, never in a URL.
// Reconnects after a dropped connection; stops when the page navigates away or the server says "end".
function stream(path, handlers, onHttpError) {
  const mine = viewToken;
  const abort = new AbortController();
  const watchdog = setInterval(() => { if (mine !== viewToken) { abort.abort(); clearInterval(watchdog); } }, 250);
  const connect = async () => {
    let ended = false;
    try {
      const res = await fetch('/api' + path, { headers: { Authorization: 'Bearer ' + token() }, signal: abort.signal });
      if (res.status === 401) { clearInterval(watchdog); showLogin('the token was refused'); return; }
      if (!res.ok) {
        const body = await res.json().catch(() => ({}));
        if (onHttpError(res.status, body) !== null || res.status === 404) { clearInterval(watchdog); return; }
        throw new Error(body.error || res.status);
      }
      setLive(true);
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          let name = 'message', data = '';
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) name = line.slice(7);
            else if (line.startsWith('data: ')) data += line.slice(6);
          }
          if (!data || mine !== viewToken) continue;
          if (name === 'end' || name === 'gone') ended = true;
          if (handlers[name]) await handlers[name](JSON.parse(data));
        }
      }
    } catch (e) {
      if (mine !== viewToken) return;
      setLive(false);
      console.warn(e);
    }
    if (mine !== viewToken) return;
    if (ended) { clearInterval(watchdog); return; }
    setLive(false);
    timer = setTimeout(connect, refreshMillis); // the stream dropped: reconnect
  };
  connect();
}

function nodeTable(nodes, onPick) {
  const el = document.getElementById('node-table');
  el.innerHTML = `<table><thead><tr><th class="num">#</th><th>Node</th><th>Task</th><th>Status</th><th>Depends on</th><th>Join</th><th>Started</th><th>Took</th></tr></thead><tbody>
    ${nodes.slice(0, 2000).map(n => `<tr data-index="${n.index}" style="cursor:pointer">
      <td class="num">${n.index}</td><td class="mono">${esc(n.nodeId)}</td>
      <td>${esc(n.name)}${n.kind === 'SUBWORKFLOW' ? ' <span class="muted">(subworkflow)</span>' : ''}</td>
      <td>${pill(n.status)}</td><td class="mono">${n.dependencies.map(d => esc(nodes[d].nodeId)).join(', ') || '–'}</td>
      <td>${esc(n.joinType)}${n.minSuccess ? ' ' + n.minSuccess : ''}</td><td>${when(n.startedAt)}</td>
      <td>${n.startedAt ? duration(n.startedAt, n.completedAt) : '–'}</td></tr>`).join('')}</tbody></table>
    ${nodes.length > 2000 ? `<p class="muted">First 2,000 of ${nodes.length} nodes listed.</p>` : ''}`;
  el.querySelectorAll('tr[data-index]').forEach(tr => tr.addEventListener('click', () => onPick(Number(tr.dataset.index))));
}

async function showNode(workflowId, index) {
  const d = await api(`/workflow/node?id=${encodeURIComponent(workflowId)}&index=${index}`);
  const n = d.node, t = d.task;
  const r = n.result;
  const panel = document.getElementById('node-panel');
  panel.dataset.node = n.nodeId;
  panel.innerHTML = `
    <div class="head"><h2 style="margin:0">Node <span class="mono">${esc(n.nodeId)}</span></h2> ${pill(n.status)}</div>
    <dl class="kv">
      <dt>task</dt><dd>${esc(n.name)}</dd>
      <dt>started</dt><dd>${when(n.startedAt)}</dd>
      <dt>completed</dt><dd>${when(n.completedAt)}</dd>
      <dt>took</dt><dd>${n.startedAt ? duration(n.startedAt, n.completedAt) : '–'}</dd>
      ${n.taskId ? `<dt>task row</dt><dd><a class="mono" href="#/task/${encodeURIComponent(n.taskId)}">${esc(n.taskId)}</a></dd>` : ''}
      ${n.subWorkflowId ? `<dt>child</dt><dd><a class="mono" id="child-link" href="#/workflow/${encodeURIComponent(n.subWorkflowId)}">${esc(n.subWorkflowId)}</a> ${pill(n.subWorkflowStatus)}</dd>` : ''}
    </dl>
    ${r ? (r.ok ? `<h2>Result</h2>${json(r.value)}` : `<h2 class="error">Error ${esc(r.error.code)}</h2><p>${esc(r.error.message)}</p>${r.error.data ? json(r.error.data) : ''}${r.error.exception ? json(r.error.exception) : ''}`) : '<p class="muted">No result yet.</p>'}
    ${n.subWorkflowSummary ? `<h2>Child summary</h2>${json(n.subWorkflowSummary)}` : ''}
    ${t ? `<h2>Attempts</h2>${attemptsList(t)}` : ''}`;
}

function attemptsList(t) {
  if (t.attempts.length === 0) return attemptsTable(t);
  return `<ol class="attempts">${t.attempts.map(a => `<li>${pill(a.outcome)}${a.willRetry ? ' <span class="muted">retried</span>' : ''}
    <span class="muted">${a.startedAt ? duration(a.startedAt, a.finishedAt) : ''}</span>
    ${a.errorCode ? `<div><b>${esc(a.errorCode)}</b> ${esc(a.errorMessage)}</div>` : ''}
    <div class="muted mono">${esc(a.workerId)}</div></li>`).join('')}</ol>`;
}

function attemptsTable(t) {
  if (t.attempts.length === 0) {
    return `<p class="muted">No finished attempt yet (task is ${esc(t.status)}, retries ${t.retryCount}/${t.maxRetries}).</p>`;
  }
  return `<table><thead><tr><th class="num">#</th><th>Outcome</th><th>Took</th><th>Error</th><th>Worker</th></tr></thead><tbody>
    ${t.attempts.map(a => `<tr><td class="num">${a.attempt}</td><td>${pill(a.outcome)}${a.willRetry ? ' <span class="muted">retried</span>' : ''}</td>
      <td>${a.startedAt ? duration(a.startedAt, a.finishedAt) : '–'}</td>
      <td>${a.errorCode ? `<b>${esc(a.errorCode)}</b> ${esc(a.errorMessage)}` : '–'}</td><td class="mono">${esc(a.workerId)}</td></tr>`).join('')}
    </tbody></table>`;
}

// ---------- DAG drawing: longest-path layers, barycentre ordering, left to right ----------
const NODE_W = 156, NODE_H = 42, GAP_X = 64, GAP_Y = 18;

function layout(nodes) {
  // longest path from the roots, in topological order (Kahn); a spec may list a node before its dependencies
  const layer = new Array(nodes.length).fill(0);
  const waiting = nodes.map(n => n.dependencies.length);
  const dependents = nodes.map(() => []);
  nodes.forEach(n => n.dependencies.forEach(d => dependents[d].push(n.index)));
  const queue = nodes.filter(n => n.dependencies.length === 0).map(n => n.index);
  while (queue.length) {
    const i = queue.shift();
    for (const j of dependents[i]) {
      layer[j] = Math.max(layer[j], layer[i] + 1);
      if (--waiting[j] === 0) queue.push(j);
    }
  }
  const layers = [];
  nodes.forEach(n => { (layers[layer[n.index]] ||= []).push(n.index); });
  const pos = new Array(nodes.length).fill(0);
  layers.forEach(l => l.forEach((i, k) => { pos[i] = k; }));
  for (let sweep = 0; sweep < 3; sweep++) {
    for (let li = 1; li < layers.length; li++) {
      const bary = i => {
        const deps = nodes[i].dependencies;
        return deps.length ? deps.reduce((s, d) => s + pos[d], 0) / deps.length : pos[i];
      };
      layers[li].sort((a, b) => bary(a) - bary(b) || a - b);
      layers[li].forEach((i, k) => { pos[i] = k; });
    }
  }
  const tallest = Math.max(...layers.map(l => l.length));
  const xy = new Array(nodes.length);
  layers.forEach((l, li) => {
    const offset = (tallest - l.length) * (NODE_H + GAP_Y) / 2;
    l.forEach((i, k) => { xy[i] = { x: 10 + li * (NODE_W + GAP_X), y: 10 + offset + k * (NODE_H + GAP_Y) }; });
  });
  return { xy, width: 20 + layers.length * (NODE_W + GAP_X) - GAP_X, height: 20 + tallest * (NODE_H + GAP_Y) - GAP_Y };
}

function svgEl(tag, attrs) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
  return el;
}

function drawDag(container, nodes, onPick) {
  container.innerHTML = '';
  if (nodes.length > MAX_DRAWN_NODES) {
    container.innerHTML = `<div class="notice">This workflow has ${nodes.length} nodes; graphs above ${MAX_DRAWN_NODES} nodes are not drawn. The table below lists them.</div>`;
    return;
  }
  const { xy, width, height } = layout(nodes);
  const svg = svgEl('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'workflow graph' });
  const defs = svgEl('defs');
  const marker = svgEl('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto' });
  marker.appendChild(svgEl('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#8a93a3' }));
  defs.appendChild(marker);
  svg.appendChild(defs);
  for (const n of nodes) {
    for (const d of n.dependencies) {
      const a = xy[d], b = xy[n.index];
      const x1 = a.x + NODE_W, y1 = a.y + NODE_H / 2, x2 = b.x - 2, y2 = b.y + NODE_H / 2, mx = (x1 + x2) / 2;
      svg.appendChild(svgEl('path', { class: 'edge', 'data-from': d, 'data-to': n.index, d: `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`, 'marker-end': 'url(#arrow)' }));
    }
  }
  for (const n of nodes) {
    const { x, y } = xy[n.index];
    const g = svgEl('g', { class: 'node', 'data-index': n.index, 'data-node-id': n.nodeId, 'data-status': n.status, transform: `translate(${x},${y})`, tabindex: 0 });
    const title = svgEl('title');
    title.textContent = `${n.nodeId} (${n.name})`;
    g.appendChild(title);
    g.appendChild(svgEl('rect', { class: 'box', width: NODE_W, height: NODE_H, rx: 7 }));
    g.appendChild(svgEl('rect', { class: 'bar', width: 6, height: NODE_H - 8, x: 4, y: 4, rx: 3 }));
    const label = svgEl('text', { x: 16, y: 17 });
    label.textContent = (n.kind === 'SUBWORKFLOW' ? '\u29C9 ' : '') + clip(n.nodeId, 19);
    const st = svgEl('text', { class: 'st', x: 16, y: 33 });
    st.textContent = n.status.toLowerCase();
    g.append(label, st);
    g.addEventListener('click', () => onPick(n.index));
    g.addEventListener('keydown', e => { if (e.key === 'Enter') onPick(n.index); });
    g.addEventListener('mouseenter', () => svg.querySelectorAll(`path[data-to="${n.index}"], path[data-from="${n.index}"]`).forEach(p => p.classList.add('hot')));
    g.addEventListener('mouseleave', () => svg.querySelectorAll('path.hot').forEach(p => p.classList.remove('hot')));
    svg.appendChild(g);
  }
  container.appendChild(svg);
}

function updateDag(nodes) {
  for (const n of nodes) {
    const g = document.querySelector(`g.node[data-index="${n.index}"]`);
    if (!g || g.dataset.status === n.status) continue;
    g.dataset.status = n.status;
    g.querySelector('text.st').textContent = n.status.toLowerCase();
  }
}

function clip(s, n) { return s.length > n ? s.slice(0, n - 1) + '\u2026' : s; }

// ---------- tasks ----------
function tasksPage() {
  const f = JSON.parse(sessionStorage.getItem('gallop.task.filters') || '{}');
  view().innerHTML = `
    <h1>Tasks</h1>
    <form class="filters" id="task-filters">
      <label>Status <select name="status"><option value="">any</option>
        ${TASK_STATUSES.map(s => `<option ${f.status === s ? 'selected' : ''}>${s}</option>`).join('')}</select></label>
      <label>Task name <input name="name" value="${esc(f.name || '')}"></label>
      <label>Queue <input name="queue" value="${esc(f.queue || '')}"></label>
      <label>Workflow id <input name="workflow" value="${esc(f.workflow || '')}"></label>
    </form>
    <div id="task-list"></div>`;
  const form = document.getElementById('task-filters');
  form.addEventListener('change', () => {
    const d = new FormData(form);
    sessionStorage.setItem('gallop.task.filters', JSON.stringify(Object.fromEntries(d.entries())));
    tasksPage();
  });
  form.addEventListener('submit', e => { e.preventDefault(); form.dispatchEvent(new Event('change')); });
  const q = new URLSearchParams(Object.entries(f).filter(([, v]) => v));
  q.set('limit', '100');
  poll(async () => {
    const rows = await api('/tasks?' + q);
    document.getElementById('task-list').innerHTML = rows.length === 0
      ? '<div class="panel empty">No tasks match.</div>'
      : `<table><thead><tr><th>Task</th><th>Name</th><th>Queue</th><th>Status</th><th class="num">Attempts</th><th>Sent</th><th>Took</th><th>Workflow</th></tr></thead><tbody>
        ${rows.map(t => `<tr><td><a class="mono" href="#/task/${encodeURIComponent(t.taskId)}">${esc(clip(t.taskId, 28))}</a></td>
          <td>${esc(t.taskName)}</td><td>${esc(t.queue)}</td><td>${pill(t.status)}${t.errorCode ? ` <span class="error">${esc(t.errorCode)}</span>` : ''}</td>
          <td class="num">${t.attempts.length}</td><td>${when(t.sentAt)}</td><td>${t.startedAt ? duration(t.startedAt, t.completedAt) : '–'}</td>
          <td>${t.workflowId ? `<a class="mono" href="#/workflow/${encodeURIComponent(t.workflowId)}">${esc(clip(t.workflowId, 24))}</a> #${t.nodeIndex}` : '<span class="muted">standalone</span>'}</td></tr>`).join('')}
        </tbody></table>`;
  });
}

function taskPage(id) {
  view().innerHTML = `<div class="head"><h1>Task <span class="mono">${esc(id)}</span></h1> <span id="task-status"></span></div><div id="task-body"></div>`;
  poll(async () => {
    const t = await api('/task?id=' + encodeURIComponent(id));
    document.getElementById('task-status').innerHTML = pill(t.status);
    document.getElementById('task-body').innerHTML = `
      <div class="split"><div class="panel"><dl class="kv">
        <dt>name</dt><dd>${esc(t.taskName)}</dd><dt>queue</dt><dd>${esc(t.queue)} (priority ${t.priority})</dd>
        <dt>sent</dt><dd>${when(t.sentAt)}</dd><dt>claimable</dt><dd>${when(t.enqueuedAt)}</dd>
        <dt>claimed</dt><dd>${when(t.claimedAt)} ${t.claimedBy ? `by <span class="mono">${esc(t.claimedBy)}</span>` : ''}</dd>
        <dt>started</dt><dd>${when(t.startedAt)}</dd><dt>completed</dt><dd>${when(t.completedAt)}</dd>
        <dt>retries</dt><dd>${t.retryCount} of ${t.maxRetries}</dd>
        ${t.goodUntil ? `<dt>good until</dt><dd>${when(t.goodUntil)}</dd>` : ''}
        ${t.errorCode ? `<dt>error</dt><dd class="error"><b>${esc(t.errorCode)}</b> ${esc(t.failedReason)}</dd>` : ''}
        ${t.workflowId ? `<dt>workflow</dt><dd><a class="mono" href="#/workflow/${encodeURIComponent(t.workflowId)}">${esc(t.workflowId)}</a> node ${t.nodeIndex}</dd>` : ''}
      </dl></div><div class="panel"><h2 style="margin-top:0">Attempts</h2>${attemptsTable(t)}</div></div>`;
  });
}

// ---------- queues and workers ----------
function queuesPage() {
  view().innerHTML = '<h1>Queues</h1><div id="queues"></div>';
  poll(async () => {
    const qs = await api('/queues');
    document.getElementById('queues').innerHTML = `<table><thead><tr><th>Queue</th><th class="num">Priority</th><th class="num">Cap</th>
      <th class="num">Ready</th><th class="num">Scheduled</th><th class="num">Claimed</th><th class="num">Running</th><th class="bar-cell">Load</th></tr></thead><tbody>
      ${qs.map(q => {
        const total = q.ready + q.scheduled + q.claimed + q.running || 1;
        const seg = (n, c) => `<i style="width:${(100 * n / total).toFixed(1)}%;background:var(--${c})"></i>`;
        return `<tr data-queue="${esc(q.name)}"><td><b>${esc(q.name)}</b></td><td class="num">${q.priority ?? '–'}</td>
          <td class="num">${q.maxConcurrency ?? 'none'}</td><td class="num">${q.ready}</td><td class="num">${q.scheduled}</td>
          <td class="num">${q.claimed}</td><td class="num">${q.running}</td>
          <td><div class="meter">${seg(q.running, 'running')}${seg(q.claimed, 'enqueued')}${seg(q.ready, 'ready')}${seg(q.scheduled, 'pending')}</div></td></tr>`;
      }).join('')}</tbody></table>
      <p class="muted">Ready: claimable now. Scheduled: waiting for a retry or a delay. Claimed: held by a worker, not started. Cap: cluster-wide limit on claimed + running.</p>`;
  });
}

function workersPage() {
  view().innerHTML = '<h1>Workers</h1><div id="workers"></div>';
  poll(async () => {
    const ws = await api('/workers');
    document.getElementById('workers').innerHTML = ws.length === 0 ? '<div class="panel empty">No worker has registered in the last 7 days.</div>'
      : `<table><thead><tr><th>Worker</th><th>Host</th><th class="num">PID</th><th>Queues</th><th class="num">In flight</th>
        <th>Last heartbeat</th><th>Started</th><th>Stopped</th></tr></thead><tbody>
        ${ws.map(w => `<tr data-worker-id="${esc(w.workerId)}"><td><span class="dot ${w.alive ? 'on' : ''}" title="${w.alive ? 'alive' : 'not alive'}"></span><span class="mono">${esc(w.workerId)}</span></td>
          <td>${esc(w.host)}</td><td class="num">${w.pid}</td><td>${w.queues.map(esc).join(', ')}</td>
          <td class="num">${w.inFlight} / ${w.concurrency}</td><td>${ago(w.lastSeenAt)}</td><td>${when(w.startedAt)}</td>
          <td>${w.stoppedAt ? when(w.stoppedAt) : '<span class="muted">–</span>'}</td></tr>`).join('')}</tbody></table>`;
  });
}

// ---------- start ----------
(function start() {
  // #token=T opens the list; #/workflow/<id>&token=T (printed by the CLI) opens that workflow
  const m = location.hash.match(/^#(?:(\/[^&]*)&)?token=([A-Za-z0-9_-]+)$/);
  if (m) {
    sessionStorage.setItem('gallop.token', m[2]);
    history.replaceState(null, '', location.pathname + (m[1] ? '#' + m[1] : '#/workflows'));
  }
  window.addEventListener('hashchange', route);
  if (token()) {
    api('/config').then(c => { refreshMillis = c.refreshMillis; }).catch(() => {}).finally(route);
  } else {
    route();
  }
})();
