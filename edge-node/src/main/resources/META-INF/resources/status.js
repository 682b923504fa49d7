// Status page of the edge node: renders GET /v1/status and GET /v1/status/history. Plain JS, no build step.
// Every field is optional: what the status does not report shows as "—".
(function () {
  'use strict';

  var DASH = '\u2014';
  var COLORS = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#be185d', '#4b5563'];
  var params = new URLSearchParams(window.location.search);
  var refreshMs = Math.max(500, parseInt(params.get('refresh') || '5000', 10) || 5000);

  function $(id) { return document.getElementById(id); }
  function isNum(v) { return typeof v === 'number' && isFinite(v); }

  function text(id, value) {
    var el = $(id);
    el.textContent = value == null || value === '' ? DASH : String(value);
    return el;
  }

  function count(n) { return isNum(n) ? String(n) : DASH; }

  function bytes(n) {
    if (!isNum(n)) { return DASH; }
    var units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    var i = 0;
    while (Math.abs(n) >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i === 0 ? String(n) : n.toFixed(n < 10 ? 2 : 1)) + ' ' + units[i];
  }

  function duration(seconds) {
    if (!isNum(seconds)) { return DASH; }
    var s = Math.round(seconds);
    if (s < 60) { return s + ' s'; }
    if (s < 3600) { return Math.floor(s / 60) + ' min ' + (s % 60) + ' s'; }
    if (s < 86400) { return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min'; }
    return Math.floor(s / 86400) + ' d ' + Math.floor((s % 86400) / 3600) + ' h';
  }

  function time(v) {
    var ms = toMillis(v);
    if (ms == null) { return DASH; }
    var ago = (Date.now() - ms) / 1000;
    return new Date(ms).toLocaleString() + (ago >= 0 ? ' (' + duration(ago) + ' ago)' : '');
  }

  function toMillis(v) {
    if (v == null) { return null; }
    if (isNum(v)) { return v < 1e11 ? v * 1000 : v; }
    var ms = Date.parse(v);
    return isNaN(ms) ? null : ms;
  }

  function sum(values) {
    var known = values.filter(isNum);
    return known.length === 0 ? null : known.reduce(function (a, b) { return a + b; }, 0);
  }

  function renderStatus(s) {
    var site = s.site || {};
    text('site-id', site.id);
    text('site-region', site.region);
    text('site-cloud', site.cloud);

    var link = s.link || {};
    var badge = text('link-state', link.state);
    badge.className = 'badge ' + (link.state || '');
    text('link-core', link.coreBootstrapServers);
    text('link-last-sync', time(link.lastSyncAt));
    text('link-last-error', link.lastError);

    var streams = s.streams || {};
    var names = Object.keys(streams).sort();
    var tbody = document.querySelector('#streams tbody');
    tbody.textContent = '';
    names.forEach(function (name) {
      var st = streams[name] || {};
      var tr = document.createElement('tr');
      tr.setAttribute('data-stream', name);
      cell(tr, 'name', name, name);
      cell(tr, 'backlog', count(st.backlog), st.backlog, 'num');
      cell(tr, 'backlog-bytes', bytes(st.backlogBytes), st.backlogBytes, 'num');
      cell(tr, 'oldest-unsent', duration(st.oldestUnsentAgeSeconds), st.oldestUnsentAgeSeconds, 'num');
      cell(tr, 'last-sync', time(st.lastSyncAt), st.lastSyncAt);
      tbody.appendChild(tr);
    });

    var list = names.map(function (n) { return streams[n] || {}; });
    setValue(text('total-backlog', count(sum(list.map(function (x) { return x.backlog; })))),
      sum(list.map(function (x) { return x.backlog; })));
    text('total-backlog-bytes', bytes(sum(list.map(function (x) { return x.backlogBytes; }))));
    var ages = list.map(function (x) { return x.oldestUnsentAgeSeconds; }).filter(isNum);
    text('oldest-unsent', ages.length ? duration(Math.max.apply(null, ages)) : DASH);
    text('drain-eta', duration(s.drainEtaSeconds));

    var buffer = s.buffer || {};
    text('buffer-used', bytes(buffer.usedBytes));
    text('buffer-max', bytes(buffer.maxBytes));
    var pct = isNum(buffer.usedBytes) && isNum(buffer.maxBytes) && buffer.maxBytes > 0
      ? Math.min(100, 100 * buffer.usedBytes / buffer.maxBytes) : null;
    text('buffer-percent', pct == null ? null : pct.toFixed(1) + ' %');
    var bar = $('buffer-bar');
    bar.style.width = (pct || 0) + '%';
    bar.className = pct != null && pct >= 90 ? 'high' : '';

    $('updated').textContent = new Date().toLocaleTimeString();
  }

  function cell(tr, field, shown, raw, cls) {
    var td = document.createElement('td');
    td.setAttribute('data-field', field);
    setValue(td, raw);
    if (cls) { td.className = cls; }
    td.textContent = shown;
    tr.appendChild(td);
  }

  function setValue(el, raw) {
    if (raw == null) { el.removeAttribute('data-value'); } else { el.setAttribute('data-value', String(raw)); }
  }

  function renderHistory(h) {
    var svg = $('chart');
    var ns = 'http://www.w3.org/2000/svg';
    var samples = (h && h.samples) || [];
    var windowMs = (isNum(h && h.windowSeconds) ? h.windowSeconds : 3600) * 1000;
    var now = Date.now();
    var w = 640, top = 10, bottom = 170;
    var names = {};
    var max = 0;
    samples.forEach(function (p) {
      Object.keys(p.streams || {}).forEach(function (n) {
        names[n] = true;
        var b = p.streams[n] && p.streams[n].backlog;
        if (isNum(b) && b > max) { max = b; }
      });
    });
    svg.textContent = '';
    var legend = $('chart-legend');
    legend.textContent = '';
    var scale = max > 0 ? max : 1;
    text('chart-max', max);
    Object.keys(names).sort().forEach(function (name, i) {
      var color = COLORS[i % COLORS.length];
      var pts = [];
      samples.forEach(function (p) {
        var at = toMillis(p.at);
        var b = p.streams && p.streams[name] && p.streams[name].backlog;
        if (at == null || !isNum(b)) { return; }
        var x = w - (now - at) / windowMs * w;
        var y = bottom - b / scale * (bottom - top);
        pts.push(x.toFixed(1) + ',' + y.toFixed(1));
      });
      var line = document.createElementNS(ns, 'polyline');
      line.setAttribute('data-stream', name);
      line.setAttribute('points', pts.join(' '));
      line.setAttribute('fill', 'none');
      line.setAttribute('stroke', color);
      line.setAttribute('stroke-width', '2');
      line.setAttribute('vector-effect', 'non-scaling-stroke');
      svg.appendChild(line);
      var key = document.createElement('span');
      var swatch = document.createElement('i');
      swatch.style.background = color;
      key.appendChild(swatch);
      key.appendChild(document.createTextNode(name));
      legend.appendChild(key);
    });
  }

  function showError(message) {
    var el = $('error');
    if (message) {
      el.textContent = message;
      el.hidden = false;
    } else {
      el.hidden = true;
    }
  }

  // With edge.api.auth=api-key the API wants a key: asked for once, kept for this tab only (sessionStorage).
  var KEY_ITEM = 'edge-node-api-key';

  function askForKey() {
    $('key-form').hidden = false;
  }

  function getJson(url) {
    var headers = { Accept: 'application/json' };
    var key = window.sessionStorage.getItem(KEY_ITEM);
    if (key) { headers.Authorization = 'Bearer ' + key; }
    return fetch(url, { cache: 'no-store', headers: headers }).then(function (r) {
      if (r.status === 401 || r.status === 403) {
        // Two requests run at once: a refusal of the key sent earlier must not discard a key typed since.
        if (window.sessionStorage.getItem(KEY_ITEM) === key) {
          window.sessionStorage.removeItem(KEY_ITEM);
          askForKey();
        }
        throw new Error('the API key is missing, wrong or lacks the read scope');
      }
      if (!r.ok) { throw new Error(url + ' answered ' + r.status); }
      $('key-form').hidden = true;
      return r.json();
    });
  }

  $('key-form').addEventListener('submit', function (e) {
    e.preventDefault();
    window.sessionStorage.setItem(KEY_ITEM, $('api-key').value.trim());
    $('api-key').value = '';
    $('key-form').hidden = true;
  });

  function refresh() {
    Promise.all([
      getJson('v1/status').then(renderStatus),
      getJson('v1/status/history').then(renderHistory, function () { /* chart only; status still shows */ })
    ]).then(function () {
      showError(null);
    }, function (e) {
      showError('Status unavailable: ' + e.message + '. Retrying every ' + refreshMs / 1000 + ' s.');
    }).then(function () {
      document.body.setAttribute('data-refreshed', String(Date.now()));
      window.setTimeout(refresh, refreshMs);
    });
  }

  refresh();
}());
