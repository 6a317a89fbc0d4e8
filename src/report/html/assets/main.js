'use strict';
// Wires the page together: filters <-> URL fragment, grid, overview, detail and tables.
// When everything is drawn, <html data-ready="1"> and the performance mark
// "zonescan-ready" tell that the page is interactive.

ZS.start = function (M) {
  const $ = function (id) { return document.getElementById(id); };
  const el = ZS.el, meta = M.meta;
  let st = ZS.fromHash(location.hash, M);

  // Legend and verdict checkboxes.
  const legend = $('legend');
  meta.cell_codes.forEach(function (name, v) {
    const item = el('span', 'item');
    item.appendChild(el('span', 'cell v-' + name, meta.glyphs[v])).setAttribute('aria-hidden', 'true');
    item.appendChild(document.createTextNode(' ' + (v === ZS.V_SELF ? 'self (own host)' : name)));
    legend.appendChild(item);
  });
  const markers = el('span', 'item', '\u25bc/\u25b2 corner: worse/better since the baseline');
  if (meta.baseline) legend.appendChild(markers);
  const boxes = [];
  meta.cell_codes.slice(0, 5).forEach(function (name, v) {
    const label = el('label', 'vbox v-' + name);
    const box = el('input');
    box.type = 'checkbox';
    box.value = String(v);
    box.id = 'f-v-' + name;
    label.appendChild(box);
    label.appendChild(el('span', 'glyph', meta.glyphs[v])).setAttribute('aria-hidden', 'true');
    label.appendChild(document.createTextNode(' ' + name));
    $('f-verdicts').appendChild(label);
    boxes.push(box);
  });
  ZS.codeCounts(M).forEach(function (x) {
    const o = el('option', null, x[0] + ' (' + x[1] + ' pairs)');
    o.value = x[0];
    $('f-code').appendChild(o);
  });
  const tagValues = new Map();
  for (let c = 0; c < M.C; c++) {
    const tags = M.host(c).tags;
    Object.keys(tags).forEach(function (k) { tagValues.set(k + '=' + tags[k], true); });
  }
  Array.from(tagValues.keys()).sort().forEach(function (t) {
    const o = el('option', null, t);
    o.value = t;
    $('f-tag').appendChild(o);
  });
  meta.tag_keys.forEach(function (k) {
    const o = el('option', null, "source host's " + k);
    o.value = 'tag:' + k;
    $('g-rows').appendChild(o);
    const p = el('option', null, k);
    p.value = k;
    $('g-cols').appendChild(p);
  });

  const grid = ZS.grid(M, function (r, c) { ZS.showDetail(M, r, c); });
  const overview = ZS.overview(M, grid);
  const tables = ZS.tables(M);

  const ensureOption = function (select, value) {
    if (value && !Array.from(select.options).some(function (o) { return o.value === value; })) {
      const o = el('option', null, value);
      o.value = value;
      select.appendChild(o);
    }
    select.value = value;
  };
  const showState = function () {
    $('f-zone').value = st.zone;
    $('f-host').value = st.host;
    boxes.forEach(function (b) { b.checked = st.verdicts.has(+b.value); });
    document.querySelectorAll('button[data-verdict]').forEach(function (b) {
      b.setAttribute('aria-pressed', st.verdicts.has(meta.cell_codes.indexOf(b.dataset.verdict)) ? 'true' : 'false');
    });
    ensureOption($('f-code'), st.code);
    ensureOption($('f-tag'), st.tag);
    ensureOption($('g-rows'), st.rows);
    ensureOption($('g-cols'), st.cols);
    if ($('f-changed')) $('f-changed').checked = st.changed;
    if ($('changed-toggle')) $('changed-toggle').checked = st.changed;
    const extra = $('f-extra');
    extra.replaceChildren();
    const chip = function (text, clear) {
      const b = el('button', 'chip', text + ' \u00d7');
      b.type = 'button';
      b.setAttribute('aria-label', 'Remove filter: ' + text);
      b.addEventListener('click', function () { clear(); apply(); });
      extra.appendChild(b);
    };
    if (st.reason) chip('blocked by ' + st.reason, function () { st.reason = ''; });
    if (st.req >= 0) chip(meta.requirements[st.req].requirement, function () { st.req = -1; });
  };

  const apply = function () {
    const hash = ZS.toHash(st, M);
    if (hash !== location.hash && !(hash === '' && location.hash === '')) {
      history.replaceState(null, '', hash || location.pathname + location.search);
    }
    showState();
    const view = ZS.computeView(M, st);
    grid.setView(view);
    overview.setView(view);
    tables.update(st);
    $('match').textContent = view.matched + ' of ' + meta.reasons.reduce(function (n, r) { return n + r.pairs; }, 0) +
      ' pairs match, on ' + view.zones + ' zones \u00d7 ' + view.cols.length + ' hosts';
    $('match').dataset.matched = String(view.matched);
  };

  const text = function (id, key) {
    $(id).addEventListener('input', function () { st[key] = this.value.trim(); apply(); });
  };
  text('f-zone', 'zone');
  text('f-host', 'host');
  boxes.forEach(function (b) {
    b.addEventListener('change', function () {
      if (b.checked) st.verdicts.add(+b.value); else st.verdicts.delete(+b.value);
      apply();
    });
  });
  [['f-code', 'code'], ['f-tag', 'tag'], ['g-rows', 'rows'], ['g-cols', 'cols']].forEach(function (x) {
    $(x[0]).addEventListener('change', function () { st[x[1]] = this.value; apply(); });
  });
  ['f-changed', 'changed-toggle'].forEach(function (id) {
    if ($(id)) $(id).addEventListener('change', function () { st.changed = this.checked; apply(); });
  });
  $('f-reset').addEventListener('click', function () { st = ZS.emptyFilter(); apply(); });
  $('filters').addEventListener('submit', function (ev) { ev.preventDefault(); });
  const toMatrix = function () {
    apply();
    $('matrix').scrollIntoView();
    grid.focus();
  };
  document.querySelectorAll('button[data-verdict]').forEach(function (b) {
    b.addEventListener('click', function () {
      const v = meta.cell_codes.indexOf(b.dataset.verdict);
      if (st.verdicts.has(v)) st.verdicts.delete(v); else st.verdicts.add(v);
      toMatrix();
    });
  });
  document.querySelectorAll('button[data-reason]').forEach(function (b) {
    b.addEventListener('click', function () {
      st.reason = b.dataset.reason;
      toMatrix();
    });
  });
  document.querySelectorAll('button[data-requirement]').forEach(function (b) {
    b.addEventListener('click', function () {
      st.req = +b.dataset.requirement;
      toMatrix();
    });
  });
  // A printout has no way to open the coverage table.
  window.addEventListener('beforeprint', function () { $('coverage').open = true; });
  window.addEventListener('hashchange', function () {
    st = ZS.fromHash(location.hash, M);
    apply();
  });
  apply();
};

ZS.load().then(function (M) {
  ZS.start(M);
  document.documentElement.dataset.ready = '1';
  performance.mark('zonescan-ready');
}).catch(function (e) {
  document.documentElement.dataset.ready = 'error';
  const m = document.getElementById('match');
  m.textContent = 'This page could not read its data: ' + e;
  m.className = 'warnbox';
  throw e;
});
