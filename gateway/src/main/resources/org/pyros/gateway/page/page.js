// The gateway's graph page: the node's topics, services and params, live over the gateway's own
// WebSocket in the rosbridge v2 protocol. Plain JavaScript, no libraries; message data reaches the
// page only through textContent, form values and canvas pixels, never as markup.
'use strict';

const GRAPH_POLL_MS = 2000;
const RENDER_MS = 200;
const CALL_TIMEOUT_MS = 15000;
const RECONNECT_MS = 2000;
// Watched without asking while fewer than this many topics are watched: enough for rates at a glance,
// bounded so that a graph of hundreds of topics does not stream all of them into the browser.
const AUTO_WATCH_LIMIT = 100;
// Bulk data (pixels, points, maps): not watched unless chosen, and at most a few per second when shown.
const HEAVY = /\/(msg\/)?(Image|CompressedImage|PointCloud2?|OccupancyGrid|LaserScan)$/;
const HEAVY_THROTTLE_MS = 200;
const LONG_STRING = 256;
const LONG_ARRAY = 64;

const $ = (id) => document.getElementById(id);
const topics = new Map(); // name -> topic state (row, counters, last message)
let socket = null;
let nextId = 1;
const pending = new Map(); // call id -> { resolve, reject, timer }
let selected = null; // { kind: 'topic' | 'service' | 'param', name }
let lastPublishId = null;
let renderDue = false;

function element(tag, text, className) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

function notice(text) {
  $('notice').textContent = text;
  $('notice').title = text;
}

// ---- the rosbridge connection ----

// A gateway with tokens: the token comes from ?token= or the token field, kept for this tab only
// and taken off the address bar; it is sent in rosbridge's auth op, never in the URL of the socket.
function token() {
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl) {
    sessionStorage.setItem('pyros-token', fromUrl);
    history.replaceState(null, '', location.pathname);
  }
  return sessionStorage.getItem('pyros-token') || '';
}

function authenticate() {
  const t = token();
  if (t) send({ op: 'auth', mac: t });
}

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
  socket = new WebSocket(scheme + location.host + '/');
  socket.onopen = () => {
    $('connection').textContent = 'connected';
    $('connection').className = 'up';
    for (const t of topics.values()) t.subscribed = false;
    authenticate();
    refreshGraph();
  };
  socket.onclose = () => {
    $('connection').textContent = 'disconnected, retrying…';
    $('connection').className = 'down';
    for (const p of pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error('the connection closed'));
    }
    pending.clear();
    setTimeout(connect, RECONNECT_MS);
  };
  socket.onmessage = (event) => {
    if (typeof event.data !== 'string') return; // the page asks for JSON only
    let message;
    try {
      message = JSON.parse(event.data);
    } catch (e) {
      notice('the gateway sent text that is not JSON');
      return;
    }
    receive(message);
  };
}

function send(op) {
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(op));
}

function receive(m) {
  if (m.op === 'publish') {
    onMessage(m.topic, m.msg);
  } else if (m.op === 'service_response') {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    clearTimeout(p.timer);
    if (m.result === false) p.reject(new Error(typeof m.values === 'string' ? m.values : JSON.stringify(m.values)));
    else p.resolve(m.values);
  } else if (m.op === 'status') {
    const p = pending.get(m.id);
    if (p) {
      pending.delete(m.id);
      clearTimeout(p.timer);
      p.reject(new Error(m.msg));
    } else if (m.id && m.id === lastPublishId) {
      showPublishResult(m.msg, true);
    } else {
      notice(`${m.level}: ${m.msg}`);
    }
  }
}

/** Calls a service (a rosapi one or the graph's) and answers its values. */
function call(service, args, timeoutMs = CALL_TIMEOUT_MS) {
  const id = `call:${nextId++}`;
  return new Promise((resolve, reject) => {
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      reject(new Error('not connected to the gateway'));
      return;
    }
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new Error(`${service} did not answer within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    pending.set(id, { resolve, reject, timer });
    send({ op: 'call_service', id, service, args });
  });
}

// ---- the graph: topics, services, params ----

async function refreshGraph() {
  try {
    const [t, s, p] = await Promise.all([
      call('/rosapi/topics', {}), call('/rosapi/services', {}), call('/rosapi/get_param_names', {})]);
    showTopics(t.topics.map((name, i) => ({ name, type: t.types[i] })));
    showNames('services', 'service', s.services);
    showNames('params', 'param', p.names);
  } catch (e) {
    notice(`listing the graph failed: ${e.message}`);
  }
}

function showTopics(list) {
  list.sort((a, b) => a.name.localeCompare(b.name));
  const present = new Set(list.map((t) => t.name));
  for (const [name, t] of topics) {
    if (!present.has(name)) {
      if (t.subscribed) send({ op: 'unsubscribe', id: `sub:${name}`, topic: name });
      t.row.remove();
      topics.delete(name);
    }
  }
  let watched = [...topics.values()].filter((t) => t.watched).length;
  const body = $('topics').tBodies[0];
  for (const { name, type } of list) {
    let t = topics.get(name);
    if (!t) {
      const watch = !HEAVY.test(type) && watched < AUTO_WATCH_LIMIT;
      if (watch) watched++;
      t = newTopic(name, type, watch);
      topics.set(name, t);
    }
    t.type = type;
    t.row.cells[2].textContent = type;
    body.appendChild(t.row); // moves an existing row: the table stays in name order
    updateSubscription(t);
  }
  $('topic-count').textContent = `(${list.length})`;
  fillDatalist('topic-names', list.map((t) => t.name));
  applyFilter();
}

function newTopic(name, type, watched) {
  const row = element('tr');
  row.dataset.name = name;
  const box = element('input');
  box.type = 'checkbox';
  box.checked = watched;
  box.title = 'subscribe to count its rate';
  const cell = element('td');
  cell.appendChild(box);
  row.append(cell, element('td', name, 'name'), element('td', type, 'type'), element('td', '', 'rate'));
  const t = { name, type, row, watched, subscribed: false, count: 0, counted: 0, last: null, lastAt: 0 };
  box.addEventListener('change', () => {
    t.watched = box.checked;
    updateSubscription(t);
  });
  row.cells[1].addEventListener('click', () => select('topic', name));
  return t;
}

/** Subscribed while watched or shown; bulk data topics throttled, the others counted whole. */
function updateSubscription(t) {
  const wanted = t.watched || isSelected('topic', t.name);
  if (wanted && !t.subscribed) {
    const heavy = HEAVY.test(t.type);
    send({ op: 'subscribe', id: `sub:${t.name}`, topic: t.name, type: t.type,
      throttle_rate: heavy ? HEAVY_THROTTLE_MS : 0, queue_length: heavy ? 1 : 10 });
    t.subscribed = true;
    t.counted = t.count;
    t.countedAt = performance.now();
  } else if (!wanted && t.subscribed) {
    send({ op: 'unsubscribe', id: `sub:${t.name}`, topic: t.name });
    t.subscribed = false;
    t.row.cells[3].textContent = '';
  }
}

function onMessage(name, msg) {
  const t = topics.get(name);
  if (!t) return;
  t.count++;
  t.last = msg;
  t.lastAt = Date.now();
  if (isSelected('topic', name)) renderDue = true;
}

function showRates() {
  const now = performance.now();
  for (const t of topics.values()) {
    if (!t.subscribed) continue;
    const seconds = (now - t.countedAt) / 1000;
    if (seconds < 0.5) continue;
    const rate = (t.count - t.counted) / seconds;
    // A throttled subscription says nothing about the topic's own rate.
    t.row.cells[3].textContent = HEAVY.test(t.type) ? 'throttled' : `${rate.toFixed(1)} Hz`;
    t.counted = t.count;
    t.countedAt = now;
  }
}

function showNames(listId, kind, names) {
  names = [...names].sort();
  const list = $(listId);
  const items = names.map((name) => {
    const li = element('li', name);
    li.dataset.name = name;
    li.addEventListener('click', () => select(kind, name));
    if (isSelected(kind, name)) li.classList.add('selected');
    return li;
  });
  list.replaceChildren(...items);
  $(`${kind}-count`).textContent = `(${names.length})`;
  if (kind === 'service') fillDatalist('service-names', names);
  applyFilter();
}

function fillDatalist(id, names) {
  $(id).replaceChildren(...names.map((name) => {
    const o = element('option');
    o.value = name;
    return o;
  }));
}

function applyFilter() {
  const text = $('filter').value.trim().toLowerCase();
  for (const e of document.querySelectorAll('#topics tbody tr, .names li')) {
    e.hidden = text !== '' && !e.dataset.name.toLowerCase().includes(text);
  }
}

// ---- the selected topic, service or param ----

function isSelected(kind, name) {
  return selected !== null && selected.kind === kind && selected.name === name;
}

async function select(kind, name) {
  const before = selected;
  selected = { kind, name };
  for (const e of document.querySelectorAll('.selected')) e.classList.remove('selected');
  const item = kind === 'topic' ? topics.get(name)?.row : document.querySelector(`#${kind}s li[data-name="${CSS.escape(name)}"]`);
  item?.classList.add('selected');
  if (before?.kind === 'topic' && topics.has(before.name)) updateSubscription(topics.get(before.name));
  $('selected-name').textContent = name;
  $('selected-info').textContent = '';
  $('message').textContent = '';
  $('image').hidden = true;
  try {
    if (kind === 'topic') await selectTopic(topics.get(name));
    else if (kind === 'service') await selectService(name);
    else $('message').textContent = JSON.stringify(JSON.parse((await call('/rosapi/get_param', { name })).value), null, 2);
  } catch (e) {
    if (isSelected(kind, name)) $('selected-info').textContent = e.message;
  }
}

async function selectTopic(t) {
  updateSubscription(t);
  renderDue = true;
  const form = $('publish').elements;
  form.topic.value = t.name;
  form.type.value = t.type;
  const details = await call('/rosapi/message_details', { type: t.type });
  form.message.value = JSON.stringify(template(details.typedefs), null, 1);
}

async function selectService(name) {
  const form = $('call').elements;
  form.service.value = name;
  const { type } = await call('/rosapi/service_type', { service: name });
  $('selected-info').textContent = `service of type ${type}`;
  const details = await call('/rosapi/service_request_details', { type });
  form.args.value = JSON.stringify(template(details.typedefs), null, 1);
}

function render() {
  if (!renderDue || selected?.kind !== 'topic') return;
  renderDue = false;
  const t = topics.get(selected.name);
  if (!t) return;
  const age = t.last ? `, last ${new Date(t.lastAt).toLocaleTimeString()}` : ', no message yet';
  $('selected-info').textContent = `${t.type}: ${t.count} received${age}`;
  if (!t.last) return;
  $('message').textContent = JSON.stringify(t.last, shorten, 2);
  if (/\/(msg\/)?(Image|CompressedImage)$/.test(t.type)) drawImage($('image'), t.type, t.last);
}

/** Long strings (base64 bytes) and arrays are cut for display. */
function shorten(key, value) {
  if (typeof value === 'string' && value.length > LONG_STRING) return `${value.slice(0, LONG_STRING)}… (${value.length} characters)`;
  if (Array.isArray(value) && value.length > LONG_ARRAY) return [...value.slice(0, LONG_ARRAY), `… (${value.length} elements)`];
  return value;
}

/** A message of the type's defaults, from rosapi's typedefs (the type first). */
function template(typedefs) {
  const defs = new Map(typedefs.map((d) => [d.type, d]));
  const build = (type, depth) => {
    const out = {};
    const d = defs.get(type);
    if (!d || depth > 10) return out;
    d.fieldnames.forEach((field, i) => {
      const one = () => primitiveDefault(d.fieldtypes[i]) ?? build(d.fieldtypes[i], depth + 1);
      const length = d.fieldarraylen[i];
      out[field] = length < 0 ? one() : Array.from({ length }, one);
    });
    return out;
  };
  return typedefs.length ? build(typedefs[0].type, 0) : {};
}

function primitiveDefault(type) {
  if (type === 'string') return '';
  if (type === 'bool') return false;
  if (type === 'time' || type === 'duration') return { secs: 0, nsecs: 0 };
  if (/^(u?int(8|16|32|64)|float(32|64)|byte|char)$/.test(type)) return 0;
  return undefined;
}

// ---- images ----

const LAYOUTS = { rgb8: [3, 0, 1, 2], bgr8: [3, 2, 1, 0], rgba8: [4, 0, 1, 2], bgra8: [4, 2, 1, 0], mono8: [1, 0, 0, 0] };

function bytes(data) {
  if (Array.isArray(data)) return Uint8Array.from(data);
  const text = atob(data);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

function drawImage(canvas, type, msg) {
  if (/CompressedImage$/.test(type)) {
    const mime = String(msg.format).includes('png') ? 'image/png' : 'image/jpeg';
    createImageBitmap(new Blob([bytes(msg.data)], { type: mime })).then((bitmap) => {
      canvas.width = bitmap.width;
      canvas.height = bitmap.height;
      canvas.getContext('2d').drawImage(bitmap, 0, 0);
      bitmap.close();
      canvas.hidden = false;
    }, () => { $('selected-info').textContent = `an image in format ${msg.format} the browser cannot decode`; });
    return;
  }
  const layout = LAYOUTS[msg.encoding];
  const { width, height, step } = msg;
  const data = bytes(msg.data);
  if (!layout || width <= 0 || height <= 0 || data.length < step * height) {
    $('selected-info').textContent = `an image in encoding ${msg.encoding} (${width}×${height}) is not shown`;
    return;
  }
  const [size, r, g, b] = layout;
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  const pixels = context.createImageData(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = y * step + x * size;
      const to = (y * width + x) * 4;
      pixels.data[to] = data[from + r];
      pixels.data[to + 1] = data[from + g];
      pixels.data[to + 2] = data[from + b];
      pixels.data[to + 3] = 255;
    }
  }
  context.putImageData(pixels, 0, 0);
  canvas.hidden = false;
}

// ---- the forms ----

function showPublishResult(text, failed) {
  const out = $('publish').elements.result;
  out.textContent = text;
  out.className = failed ? 'error' : '';
}

function parseJson(text, what) {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`the ${what} is not JSON: ${e.message}`);
  }
}

$('publish').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.target.elements;
  const topic = form.topic.value.trim();
  const type = form.type.value.trim();
  try {
    const msg = parseJson(form.message.value, 'message');
    lastPublishId = `publish:${nextId++}`;
    if (type) send({ op: 'advertise', id: lastPublishId, topic, type });
    send({ op: 'publish', id: lastPublishId, topic, msg });
    showPublishResult(`published to ${topic} at ${new Date().toLocaleTimeString()}`, false);
  } catch (e) {
    showPublishResult(e.message, true);
  }
});

$('call').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target.elements;
  const result = $('call-result');
  result.className = '';
  result.textContent = 'calling…';
  try {
    const args = parseJson(form.args.value, 'request');
    result.textContent = JSON.stringify(await call(form.service.value.trim(), args), shorten, 2);
  } catch (e) {
    result.textContent = e.message;
    result.className = 'error';
  }
});

$('filter').addEventListener('input', applyFilter);
$('token').value = token();
$('token').addEventListener('change', () => {
  sessionStorage.setItem('pyros-token', $('token').value.trim());
  // A new grant ends the old one's subscriptions on the gateway: subscribe again under it.
  for (const t of topics.values()) t.subscribed = false;
  authenticate();
  refreshGraph();
});
setInterval(refreshGraph, GRAPH_POLL_MS);
setInterval(showRates, 1000);
setInterval(render, RENDER_MS);
connect();
