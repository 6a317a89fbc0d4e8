'use strict';
// The report's data: the JSON summary, and the packed matrix (see src/report/html/pack.rs
// for the layout). Everything is read from the page itself: the policy forbids requests.
var ZS = {};

ZS.V_SELF = 5;

// Base64 text of a <script> element to bytes.
ZS.base64 = function (id) {
  const text = document.getElementById(id).textContent.trim();
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
};

ZS.gunzip = async function (bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
};

// Splits the per-row index into each row's detail ids and the cells' local indexes.
ZS.parseIndex = function (index, rows, cols) {
  let p = 0;
  const leb = function () {
    let value = 0, scale = 1, b;
    do {
      b = index[p++];
      value += (b & 0x7f) * scale;
      scale *= 128;
    } while (b & 0x80);
    return value;
  };
  const details = new Array(rows), locals = new Array(rows);
  for (let r = 0; r < rows; r++) {
    const k = leb();
    const d = new Uint32Array(k);
    for (let i = 0; i < k; i++) d[i] = leb();
    details[r] = d;
    const w = k <= 256 ? 1 : k <= 65536 ? 2 : 4;
    let loc;
    if (w === 1) {
      loc = index.subarray(p, p + cols);
    } else {
      loc = new Uint32Array(cols);
      for (let c = 0; c < cols; c++) {
        let v = 0;
        for (let b = w - 1; b >= 0; b--) v = v * 256 + index[p + c * w + b];
        loc[c] = v;
      }
    }
    locals[r] = loc;
    p += w * cols;
  }
  return { details: details, locals: locals };
};

ZS.load = async function () {
  const meta = JSON.parse(document.getElementById('zs-meta').textContent);
  const parts = await Promise.all(
    ['zs-cells', 'zs-index', 'zs-dict'].map(function (id) { return ZS.gunzip(ZS.base64(id)); }));
  const dict = JSON.parse(new TextDecoder().decode(parts[2]));
  const R = meta.zones.length, C = meta.columns.length;
  const index = ZS.parseIndex(parts[1], R, C);
  const M = {
    meta: meta, dict: dict, cells: parts[0], R: R, C: C,
    rowDetails: index.details, rowLocals: index.locals,
    codeInfo: new Map(meta.codes.map(function (c) { return [c.code, c]; })),
  };
  M.detail = function (r, c) { return M.rowDetails[r][M.rowLocals[r][c]]; };
  M.cell = function (r, c) { return M.cells[r * C + c]; };
  M.str = function (i) { return i < 0 ? null : dict.strings[i]; };
  M.host = function (c) { return meta.hosts[meta.columns[c]]; };
  M.zoneLabel = function (r) {
    const z = meta.zones[r];
    return z.name + '@' + z.host;
  };
  // Each detail's primary reason, and how many pairs use it (for the code filter's counts).
  M.detailReason = dict.details.map(function (d) { return dict.strings[d[2]]; });
  const uses = new Float64Array(dict.details.length);
  for (let r = 0; r < R; r++) {
    const det = M.rowDetails[r], loc = M.rowLocals[r], base = r * C;
    for (let c = 0; c < C; c++) if ((M.cells[base + c] & 7) !== ZS.V_SELF) uses[det[loc[c]]]++;
  }
  M.detailUses = uses;
  return M;
};

// Fills a dictionary template in for the pair (r, c): the placeholders stand for the
// zone, its source host and the target; an escaped character stands for itself.
ZS.fill = function (M, text, r, c) {
  if (text === null) return null;
  const z = M.meta.zones[r], names = { '\ue000': z.name, '\ue001': z.host, '\ue002': M.host(c).name };
  return text.replace(/\ue003([\s\S])|[\ue000-\ue002]/g, function (all, escaped) {
    return escaped !== undefined ? escaped : names[all];
  });
};

// The findings of the pair (r, c): [{code, severity, message, evidence}].
ZS.findings = function (M, r, c) {
  const SEV = ['error', 'unknown', 'update', 'warning', 'info'];
  return M.dict.flists[M.dict.details[M.detail(r, c)][0]].map(function (f) {
    const x = M.dict.findings[f];
    return {
      code: M.str(x[0]), severity: SEV[x[1]],
      message: ZS.fill(M, M.str(x[2]), r, c), evidence: ZS.fill(M, M.str(x[3]), r, c),
    };
  });
};

// The coverage of the pair (r, c): [{code, status, reason}].
ZS.coverage = function (M, r, c) {
  const ST = ['ran', 'not applicable', 'could not run', 'skipped'];
  return M.dict.clists[M.dict.details[M.detail(r, c)][1]].map(function (x) {
    return { code: M.str(x[0]), status: ST[x[1]], reason: ZS.fill(M, M.str(x[2]), r, c) };
  });
};

// Pairs per finding code, over the whole fleet, most first.
ZS.codeCounts = function (M) {
  const counts = new Map();
  M.dict.details.forEach(function (d, i) {
    const seen = new Set();
    M.dict.flists[d[0]].forEach(function (f) { seen.add(M.dict.strings[M.dict.findings[f][0]]); });
    seen.forEach(function (code) { counts.set(code, (counts.get(code) || 0) + M.detailUses[i]); });
  });
  return Array.from(counts).sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : 1); });
};

// Which details have a finding with `code` and the primary reason `reason` (either may be
// empty): one flag per detail.
ZS.detailMask = function (M, code, reason) {
  return Uint8Array.from(M.dict.details, function (d, i) {
    if (reason && M.detailReason[i] !== reason) return 0;
    if (!code) return 1;
    return M.dict.flists[d[0]].some(function (f) { return M.dict.strings[M.dict.findings[f][0]] === code; }) ? 1 : 0;
  });
};
