// hoso officer console: a client of the officer API (same identity, same scoping, same
// actions). Preact + htm (vendor/preact-htm.mjs), no build step; Chart.js for the dashboard.
import { html, render, useState, useEffect, useRef } from './vendor/preact-htm.mjs';
import { signIn, signOut, authHeader, handleRedirect, settings } from './auth.js';

// The API's root: the console lives at <api>/console/
export const API = location.pathname.replace(/\/console(\/.*)?$/, '');

export class ApiError extends Error {
  constructor(status, reason, field) {
    super(reason);
    this.status = status;
    this.field = field;
  }
}

export async function api(path, { method = 'GET', body } = {}) {
  const headers = { ...authHeader() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(API + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await r.json().catch(() => ({}));
  if (!r.ok) {
    const reason = data.reason || data.message || r.statusText;
    throw new ApiError(r.status, data.field ? `${data.field}: ${reason}` : reason, data.field);
  }
  return data;
}

const enc = encodeURIComponent;
let STATUS_LABELS = {}; // from /me
const VN = 'Asia/Ho_Chi_Minh';
const fmt = new Intl.DateTimeFormat('vi-VN', {
  timeZone: VN, hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric',
});
export const when = (iso) => (iso ? fmt.format(new Date(iso)) : '–');
const pct = (v) => (v === null || v === undefined ? '–' : `${(100 * v).toFixed(1)}%`);

// ------------------------------------------------------------------ routing (hash)
function useRoute() {
  const [hash, setHash] = useState(location.hash || '#/');
  useEffect(() => {
    const on = () => setHash(location.hash || '#/');
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  const [, page, arg] = hash.match(/^#\/([a-z]*)\/?(.*)$/) || [];
  return { page: page || 'queue', arg: arg ? decodeURIComponent(arg) : null };
}

function focusMain() {
  const h = document.querySelector('main h2');
  if (h) { h.setAttribute('tabindex', '-1'); h.focus({ preventScroll: true }); }
}

// ------------------------------------------------------------------ shell
function App() {
  const route = useRoute();
  const [me, setMe] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    api('/me').then((m) => { STATUS_LABELS = m.status_labels || {}; setMe(m); }).catch((e) => setError(e));
  }, []);
  if (error && (error.status === 401 || error.status === 403)) {
    return html`<${SignIn} error=${error} />`;
  }
  if (error) return html`<main id="main"><p class="msg error" role="alert">${error.message}</p></main>`;
  // the queue does not wait for who is signed in (its first page is on its way already)
  if (!me && route.page !== 'queue') return html`<p class="loading">Đang tải…</p>`;
  const nav = (page, label) => html`<a href=${`#/${page === 'queue' ? '' : page}`}
    aria-current=${route.page === page ? 'page' : undefined}>${label}</a>`;
  return html`
    <header class="top">
      <h1>hoso · Bàn làm việc cán bộ</h1>
      <nav aria-label="Chức năng">${nav('queue', 'Hồ sơ')}${nav('dashboard', 'Chất lượng phục vụ')}</nav>
      ${me ? html`<span class="who" data-testid="who">${me.name || me.id} (${me.sees_all ? 'Trung tâm' : me.visible.map((a) => a.code).join(', ')})
        <button class="secondary" onClick=${signOut}>Đăng xuất</button></span>` : null}
    </header>
    <main id="main">
      ${route.page === 'd' && route.arg ? html`<${DossierView} id=${route.arg} me=${me} />`
        : route.page === 'dashboard' ? html`<${Dashboard} me=${me} />`
        : html`<${Queue} me=${me} />`}
    </main>`;
}

function SignIn({ error }) {
  const [token, setToken] = useState('');
  return html`<main id="main" class="signin">
    <h2>Đăng nhập</h2>
    ${error.status === 403 ? html`<p class="msg error" role="alert">${error.message}</p>` : null}
    <div class="card">
      <form onSubmit=${(e) => { e.preventDefault(); signIn(token.trim()); }}>
        <p>Mở đường liên kết đăng nhập do quản trị cấp, hoặc dán mã đăng nhập của cán bộ.</p>
        <label for="token">Mã đăng nhập</label>
        <input id="token" type="password" autocomplete="off" value=${token}
          onInput=${(e) => setToken(e.target.value)} required />
        <button type="submit">Đăng nhập</button>
      </form>
    </div></main>`;
}

// ------------------------------------------------------------------ work queue
const WORK = 'work';
const PAGE = 25; // a screen and a half: "Xem thêm" loads the next
// The queue's first page is asked for as the console starts, beside who is signed in.
let firstPage = null;
const DONE = ['delivered', 'withdrawn', 'closed'];

// as the work list's numbers count them (/reports/workload: at, due_soon_before)
export function dueState(d, counts) {
  const due = d.new_due_at || d.due_at;
  if (!due || !counts || !['received', 'in_progress'].includes(d.status)) return null;
  const t = new Date(due).getTime();
  if (t < new Date(counts.at).getTime()) return 'overdue';
  if (t < new Date(counts.due_soon_before).getTime()) return 'soon';
  return null;
}

function Queue({ me }) {
  const [tab, setTab] = useState(WORK);
  const [agency, setAgency] = useState('');
  const [counts, setCounts] = useState(null);
  const [rows, setRows] = useState(null);
  const [cursor, setCursor] = useState(null);
  const [error, setError] = useState(null);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState(null);

  const listPath = (c) => {
    const q = new URLSearchParams({ order: 'due', limit: String(PAGE) });
    if (tab !== WORK) q.set('status', tab);
    if (agency) q.set('agency', agency);
    if (c) q.set('cursor', c);
    return `/dossiers?${q}`;
  };
  useEffect(() => {
    let live = true;
    setRows(null); setError(null);
    const a = agency ? `?agency=${enc(agency)}` : '';
    // the list first (the first meaningful paint), its numbers after
    const first = tab === WORK && !agency && firstPage ? firstPage : api(listPath(null));
    firstPage = null;
    first.then((page) => {
      if (!live) return;
      setRows(page.dossiers); setCursor(page.next_cursor);
      return api(`/reports/workload${a}`).then((c) => live && setCounts(c));
    }).catch((e) => live && setError(e));
    return () => { live = false; };
  }, [tab, agency]);
  useEffect(() => {
    if (rows) { performance.mark('queue-ready'); document.body.dataset.queue = 'ready'; }
  }, [rows]);

  const more = () => api(listPath(cursor)).then((page) => {
    setRows([...rows, ...page.dossiers]); setCursor(page.next_cursor);
  }).catch(setError);
  const search = (e) => {
    e.preventDefault();
    if (!query.trim()) { setFound(null); return; }
    api('/dossiers/search', { method: 'POST', body: { text: query, ...(agency ? { agency } : {}) } })
      .then((r) => setFound(r.dossiers)).catch(setError);
  };
  const labels = STATUS_LABELS;
  const statuses = Object.keys(STATUS_LABELS);
  const shown = found || rows;
  return html`
    <h2>Hồ sơ: ${tab === WORK ? 'đang giải quyết, theo hạn trả' : labels[tab]}</h2>
    ${counts ? html`<div class="summary" data-testid="summary">
      <div class="stat"><span>Tổng số</span><b data-testid="count-total">${counts.total}</b></div>
      <div class="stat"><span>Quá hạn</span><b data-testid="count-overdue">${counts.overdue}</b></div>
      <div class="stat"><span>Sắp đến hạn</span><b data-testid="count-due-soon">${counts.due_soon}</b></div>
    </div>` : null}
    <div class="toolbar">
      ${me && (me.sees_all || me.visible.length > 1) ? html`<div>
        <label for="agency">Cơ quan</label>
        <select id="agency" value=${agency} onChange=${(e) => setAgency(e.target.value)}>
          <option value="">${me.sees_all ? 'Tất cả cơ quan' : 'Các cơ quan của tôi'}</option>
          ${me.visible.map((a) => html`<option value=${a.code}>${a.code} · ${a.name}</option>`)}
        </select></div>` : null}
      <form role="search" onSubmit=${search}>
        <label for="q">Tìm hồ sơ</label>
        <input id="q" type="search" value=${query} onInput=${(e) => setQuery(e.target.value)}
          placeholder="Mã hồ sơ, tên hoặc số định danh" size="34" />
        <button type="submit">Tìm</button>
        ${found ? html` <button type="button" class="secondary"
          onClick=${() => { setFound(null); setQuery(''); }}>Bỏ tìm</button>` : null}
      </form>
    </div>
    <div class="tabs" role="group" aria-label="Lọc theo trạng thái">
      <button aria-pressed=${tab === WORK} onClick=${() => setTab(WORK)}>Theo hạn trả (đang giải quyết)</button>
      ${statuses.map((s) => html`<button aria-pressed=${tab === s} data-status=${s}
        onClick=${() => setTab(s)}>${labels[s]}<span class="n" data-testid=${`count-${s}`}>${counts ? counts.statuses[s] : '…'}</span></button>`)}
    </div>
    ${error ? html`<p class="msg error" role="alert">${error.message}</p>` : null}
    ${shown === null ? html`<p class="loading">Đang tải danh sách…</p>` : html`
      <${DossierTable} rows=${shown} labels=${labels} counts=${counts} caption=${found ? `Kết quả tìm: ${found.length} hồ sơ` : tab === WORK ? 'Hồ sơ đang giải quyết, quá hạn và sắp đến hạn trước' : 'Hồ sơ chờ lâu nhất trước'} />
      ${!found && cursor ? html`<p><button class="secondary" onClick=${more}>Xem thêm</button></p>` : null}`}`;
}

function DossierTable({ rows, labels, caption, counts }) {
  if (!rows.length) return html`<p class="muted" data-testid="empty">Không có hồ sơ.</p>`;
  return html`<table data-testid="queue">
    <caption class="sr-only">${caption}</caption>
    <thead><tr><th scope="col">Hồ sơ</th><th scope="col">Thủ tục</th><th scope="col">Người nộp</th>
      <th scope="col">Trạng thái</th><th scope="col">Tiếp nhận</th><th scope="col">Hẹn trả</th>
      <th scope="col">Thiếu / không hợp lệ</th></tr></thead>
    <tbody>${rows.map((d) => {
      const due = dueState(d, counts);
      return html`<tr key=${d.dossier_id} class=${due || ''} data-dossier=${d.dossier_id}>
        <td><a href=${`#/d/${enc(d.dossier_id)}`}>${d.dossier_id}</a>
          ${d.dossier_code ? html`<div class="muted">${d.dossier_code}</div>` : null}</td>
        <td>${d.procedure_name || d.procedure_code || '–'}<div class="muted">${d.agency || ''}</div></td>
        <td>${(d.applicant && d.applicant.full_name) || '–'}</td>
        <td><span class="badge plain">${labels[d.status] || d.status}</span></td>
        <td>${when(d.received_at)}</td>
        <td>${when(d.new_due_at || d.due_at)}
          ${due === 'overdue' ? html` <span class="badge bad">Quá hạn</span>` : null}
          ${due === 'soon' ? html` <span class="badge warn">Sắp đến hạn</span>` : null}</td>
        <td>${(d.missing_components || []).map((m) => m.name).join('; ') || '–'}</td>
      </tr>`;
    })}</tbody></table>`;
}

// ------------------------------------------------------------------ one dossier
function DossierView({ id, me }) {
  const [rec, setRec] = useState(null);
  const [audit, setAudit] = useState([]);
  const [types, setTypes] = useState([]);
  const [error, setError] = useState(null);
  const [outcome, setOutcome] = useState(null);
  const [selected, setSelected] = useState(1);
  const load = () => Promise.all([
    api(`/dossiers/${enc(id)}`),
    api(`/dossiers/${enc(id)}/audit`),
    api(`/dossiers/${enc(id)}/paper-types`),
  ]).then(([r, a, t]) => { setRec(r); setAudit(a.audit); setTypes(t.paper_types); setError(null); })
    .catch(setError);
  useEffect(() => { setRec(null); load().then(focusMain); }, [id]);
  const act = async (label, path, body) => {
    setOutcome(null);
    try {
      const r = await api(`/dossiers/${enc(id)}/${path}`, { method: 'POST', body: body || {} });
      await load();
      setOutcome({ ok: true, text: `${label}: xong. Trạng thái: ${STATUS_LABELS[r.status] || r.status}.` });
      return true;
    } catch (e) {
      setOutcome({ ok: false, text: `${label}: không thực hiện được. ${e.message}` });
      return false;
    }
  };
  if (error) {
    return html`<h2>Hồ sơ ${id}</h2><p class="msg error" role="alert" data-testid="error">${error.message}</p>
      <p><a href="#/">← Về danh sách</a></p>`;
  }
  if (!rec) return html`<p class="loading">Đang tải hồ sơ…</p>`;
  const pages = rec.pages || [];
  return html`
    <p><a href="#/">← Về danh sách</a></p>
    <h2>Hồ sơ ${rec.dossier_id} <span class="badge plain" data-testid="status">${STATUS_LABELS[rec.status] || rec.status}</span></h2>
    <div class="card"><dl class="fields">
      <dt>Thủ tục</dt><dd>${rec.procedure_name || rec.procedure_code || '–'}</dd>
      <dt>Cơ quan giải quyết</dt><dd>${rec.agency_name || rec.agency || '–'}</dd>
      <dt>Mã hồ sơ</dt><dd>${rec.dossier_code || '–'}</dd>
      <dt>Tiếp nhận</dt><dd>${when(rec.received_at)}</dd>
      <dt>Hẹn trả</dt><dd>${when(rec.new_due_at || rec.due_at)}</dd>
      ${rec.supplement_due_at ? html`<dt>Hạn bổ sung</dt><dd>${when(rec.supplement_due_at)}</dd>` : null}
    </dl></div>
    <div aria-live="polite">${outcome ? html`<p class=${`msg ${outcome.ok ? 'ok' : 'error'}`}
      role=${outcome.ok ? 'status' : 'alert'} data-testid="outcome">${outcome.text}</p>` : null}</div>
    <section aria-labelledby="pages-h"><h3 id="pages-h">Trang giấy tờ (${pages.length})</h3>
      ${pages.length ? html`<${Pages} id=${id} pages=${pages} selected=${selected} onSelect=${setSelected} />`
        : html`<p class="muted">Chưa có trang nào được đọc.</p>`}
    </section>
    <div class="grid2">
      <${Checklist} rec=${rec} />
      <${Fields} rec=${rec} />
    </div>
    <${Actions} rec=${rec} types=${types} act=${act} me=${me} />
    <${Notices} id=${id} rec=${rec} />
    <${Audit} audit=${audit} />`;
}


function Pages({ id, pages, selected, onSelect }) {
  const [views, setViews] = useState({});
  const [error, setError] = useState(null);
  useEffect(() => {
    let live = true;
    setViews({});
    // the selected page first, then the others one after another (thumbnails render once)
    const order = [selected, ...pages.map((_, i) => i + 1).filter((n) => n !== selected)];
    (async () => {
      for (const n of order) {
        try {
          const v = await api(`/dossiers/${enc(id)}/pages/${n}`);
          if (!live) return;
          setViews((old) => ({ ...old, [n]: v }));
        } catch (e) { if (live) setError(e); }
      }
    })();
    return () => { live = false; };
  }, [id, pages.length]);
  const view = views[selected];
  const page = pages[selected - 1];
  return html`<div class="grid">
    <div class="thumbs" role="group" aria-label="Chọn trang">
      ${pages.map((p, i) => html`<button aria-pressed=${selected === i + 1} onClick=${() => onSelect(i + 1)}
        data-page=${i + 1} aria-label=${`Trang ${i + 1}: ${p.file} trang ${p.index}, ${p.doc_type || 'chưa phân loại'}`}>
        ${views[i + 1] ? html`<img src=${views[i + 1].thumbnail.url} alt="" />` : html`<span class="muted">…</span>`}
        <div>${i + 1}. ${p.doc_type || 'chưa phân loại'}</div></button>`)}
    </div>
    <div class="page-image">
      ${error ? html`<p class="msg error" role="alert">${error.message}</p>` : null}
      ${view ? html`<img src=${view.image.url} alt=${`Ảnh trang ${selected}: ${page.file}, trang ${page.index}`}
        data-testid="page-image" />` : html`<p class="loading">Đang tải ảnh trang…</p>`}
    </div>
    <div>
      <p><b>${page.file}</b>, trang ${page.index} · loại: <b data-testid="page-type">${page.doc_type || 'chưa phân loại'}</b>
        · ${page.method === 'ocr' ? `OCR, độ tin cậy ${page.confidence === null ? '–' : Math.round(page.confidence)}` : page.method}
        ${page.rotation ? ` · đã xoay ${page.rotation}°` : ''}</p>
      ${page.error ? html`<p class="msg error">${page.error}</p>` : null}
      ${view ? html`<${OcrText} view=${view} />` : null}
    </div></div>`;
}

function OcrText({ view }) {
  if (view.note) return html`<p class="muted">${view.note}</p>`;
  if (!view.lines || !view.lines.length) return html`<pre class="ocr" data-testid="ocr-text">${view.text || '(trang trống)'}</pre>`;
  return html`<div>
    <p class="muted">${view.low_words ? `${view.low_words} chữ đọc kém chắc chắn được tô màu.` : 'Mọi chữ đều đọc chắc chắn.'}</p>
    <pre class="ocr" data-testid="ocr-text">${view.lines.map((line) => html`${line.words.map((w, i) => html`${i ? ' ' : ''}${w.low
      ? html`<mark title=${`độ tin cậy ${Math.round(w.conf)}`}>${w.text}</mark>` : w.text}`)}${'\n'}`)}</pre></div>`;
}

function Checklist({ rec }) {
  const comps = rec.components || [];
  const missing = rec.missing_components || [];
  const state = (c) => (c.present && c.valid === false ? ['Không hợp lệ', 'bad']
    : c.present ? ['Có', 'ok']
    : c.rule === 'required' || missing.some((m) => m.id === c.id) ? ['Thiếu', 'bad']
    // one of a group: the group is what is missing (its name in the component's reason)
    : c.rule === 'one_of' && missing.some((m) => (c.reason || '').includes(m.name)) ? ['Thiếu (một trong nhóm)', 'bad']
    : ['Không bắt buộc', 'plain']);
  return html`<section class="card" aria-labelledby="check-h"><h3 id="check-h">Thành phần hồ sơ</h3>
    ${comps.length ? html`<table data-testid="checklist"><thead><tr><th scope="col">Thành phần</th><th scope="col">Tình trạng</th>
      <th scope="col">Căn cứ (trang, độ tin cậy)</th><th scope="col">Lý do</th></tr></thead><tbody>
      ${comps.map((c) => {
        const [label, kind] = state(c);
        return html`<tr data-component=${c.id}><td>${c.name}</td><td><span class=${`badge ${kind}`}>${label}</span></td>
          <td>${(c.pages || []).map((p) => `${p.file} tr.${p.index}`).join(', ') || '–'}
            ${c.confidence !== null && c.confidence !== undefined ? html`<div class="muted">tin cậy ${Math.round(100 * c.confidence)}%</div>` : null}</td>
          <td>${c.reason || '–'}</td></tr>`;
      })}</tbody></table>` : html`<p class="muted">Chưa có kết quả đối chiếu.</p>`}
    ${rec.missing_components && rec.missing_components.length ? html`<h4>Cần bổ sung</h4><ul>
      ${rec.missing_components.map((m) => html`<li>${m.name}${m.reason ? ` — ${m.reason}` : ''}</li>`)}</ul>` : null}
  </section>`;
}

const FIELD_LABELS = {
  full_name: 'Họ và tên', id_number: 'Số định danh', date_of_birth: 'Ngày sinh', sex: 'Giới tính',
  address: 'Địa chỉ', phone: 'Điện thoại', email: 'Thư điện tử',
};

function Fields({ rec }) {
  const a = rec.applicant || {};
  const warnings = [...(rec.warnings || []), ...(rec.errors || [])];
  return html`<section class="card" aria-labelledby="fields-h"><h3 id="fields-h">Thông tin trích xuất</h3>
    <dl class="fields">${Object.keys(FIELD_LABELS).filter((k) => a[k]).map((k) => html`<dt>${FIELD_LABELS[k]}</dt><dd>${a[k]}</dd>`)}</dl>
    ${warnings.length ? html`<h4>Cảnh báo đối chiếu</h4><ul data-testid="warnings">${warnings.map((w) => html`<li>${typeof w === 'string' ? w : w.reason || w.message || JSON.stringify(w)}</li>`)}</ul>`
      : html`<p class="muted">Không có cảnh báo.</p>`}
  </section>`;
}

function Notices({ id, rec }) {
  const [shown, setShown] = useState(null);
  const [error, setError] = useState(null);
  const names = [...Object.keys(rec.documents || {}), 'control-sheet'];
  const open = (name) => api(`/dossiers/${enc(id)}/documents/${enc(name)}`)
    .then((d) => { setShown(d); setError(null); }).catch(setError);
  return html`<section class="card" aria-labelledby="notices-h"><h3 id="notices-h">Văn bản, phiếu</h3>
    <div class="tabs">${names.map((n) => html`<button class="secondary" onClick=${() => open(n)}>${DOC_LABELS[n.replace(/-\d+$/, '')] || n}${/-\d+$/.test(n) ? ` (lần ${n.match(/-(\d+)$/)[1]})` : ''}</button>`)}</div>
    ${error ? html`<p class="msg error" role="alert">${error.message}</p>` : null}
    ${shown ? html`<p><a href=${shown.url} target="_blank" rel="noopener">Mở ${shown.name} (PDF)</a></p>
      <iframe class="pdf" title=${`Xem trước ${shown.name}`} src=${shown.url}></iframe>` : null}
  </section>`;
}

const DOC_LABELS = {
  receipt: 'Giấy tiếp nhận, hẹn trả', 'supplement-request': 'Phiếu yêu cầu bổ sung',
  apology: 'Phiếu xin lỗi, hẹn lại', closure: 'Thông báo dừng xử lý', 'control-sheet': 'Phiếu kiểm soát',
  refusal: 'Phiếu từ chối',
};

function Audit({ audit }) {
  return html`<section class="card" aria-labelledby="audit-h"><h3 id="audit-h">Lịch sử xử lý</h3>
    <table data-testid="audit"><thead><tr><th scope="col">Lúc</th><th scope="col">Người</th><th scope="col">Việc</th>
      <th scope="col">Trạng thái</th><th scope="col">Ghi chú</th></tr></thead><tbody>
      ${audit.map((e) => html`<tr><td>${when(e.at)}</td><td>${e.actor || '–'}</td><td>${e.action}</td>
        <td>${e.from_status ? `${STATUS_LABELS[e.from_status] || e.from_status} → ` : ''}${STATUS_LABELS[e.to_status] || e.to_status || ''}</td>
        <td>${e.note || ''}</td></tr>`)}</tbody></table></section>`;
}

// ------------------------------------------------------------------ actions
function Actions({ rec, types, act, me }) {
  if (!me.may_act) return null;
  const s = rec.status;
  return html`<section class="card actions" aria-labelledby="actions-h"><h3 id="actions-h">Thao tác</h3>
    ${(rec.pages || []).length && ['needs_review', 'supplement_requested', 'received'].includes(s)
      ? html`<${Classify} rec=${rec} types=${types} act=${act} />` : null}
    ${s === 'needs_review' ? html`<${Decide} rec=${rec} act=${act} />` : null}
    ${s === 'needs_review' ? html`<${SupplementEditor} rec=${rec} act=${act} />` : null}
    ${s === 'supplement_requested' ? html`<${CounterSupplement} act=${act} />` : null}
    ${s === 'received' ? html`<${Simple} label="Bắt đầu giải quyết" path="processing" act=${act} />` : null}
    ${s === 'in_progress' ? html`<${Simple} label="Đã có kết quả" path="result" act=${act} />` : null}
    ${s === 'result_ready' ? html`<${Simple} label="Đã trả kết quả cho người nộp" path="delivery" act=${act} />` : null}
    ${['received', 'in_progress'].includes(s) && !rec.apology_at ? html`<${Apology} act=${act} />` : null}
    ${['received', 'in_progress', 'needs_review', 'supplement_requested'].includes(s) ? html`<${Withdraw} act=${act} />` : null}
  </section>`;
}

function Simple({ label, path, act }) {
  const [busy, setBusy] = useState(false);
  return html`<form onSubmit=${async (e) => { e.preventDefault(); setBusy(true); await act(label, path); setBusy(false); }}>
    <button type="submit" disabled=${busy}>${label}</button></form>`;
}

function Classify({ rec, types, act }) {
  const [labels, setLabels] = useState({});
  const changed = Object.entries(labels).filter(([n, t]) => t && t !== rec.pages[n - 1].doc_type);
  const submit = async (e) => {
    e.preventDefault();
    const pages = changed.map(([n, t]) => ({ file: rec.pages[n - 1].file, index: rec.pages[n - 1].index, doc_type: t }));
    if (await act('Sửa phân loại trang', 'classification', { pages })) setLabels({});
  };
  return html`<form onSubmit=${submit} data-testid="classify"><fieldset><legend>Sửa phân loại trang và xét lại hồ sơ</legend>
    ${rec.pages.map((p, i) => html`<div><label for=${`type-${i + 1}`}>Trang ${i + 1} (${p.file}, tr.${p.index})</label>
      <select id=${`type-${i + 1}`} value=${labels[i + 1] || p.doc_type || ''}
        onChange=${(e) => setLabels({ ...labels, [i + 1]: e.target.value })}>
        <option value="" disabled>chưa phân loại</option>
        ${types.map((t) => html`<option value=${t.doc_type}>${t.name}</option>`)}
      </select></div>`)}
    <button type="submit" disabled=${!changed.length}>Sửa phân loại (${changed.length} trang) và xét lại</button>
  </fieldset></form>`;
}

function Decide({ act }) {
  const [note, setNote] = useState('');
  return html`<form onSubmit=${(e) => { e.preventDefault(); act('Tiếp nhận hồ sơ', 'decision', { status: 'received', ...(note ? { note } : {}) }); }}>
    <fieldset><legend>Hồ sơ đủ, hợp lệ</legend>
      <label for="accept-note">Ghi chú</label><input id="accept-note" value=${note} onInput=${(e) => setNote(e.target.value)} size="50" />
      <button type="submit">Tiếp nhận hồ sơ</button></fieldset></form>`;
}

export function proposedItems(rec) {
  const missing = rec.missing_components || [];
  if (missing.length) return missing.map((m) => ({ name: m.name, reason: m.reason || '', id: m.id }));
  return (rec.components || []).filter((c) => (!c.present && c.rule === 'required') || c.valid === false)
    .map((c) => ({ name: c.name, reason: c.reason || '', id: c.id }));
}

function SupplementEditor({ rec, act }) {
  const [items, setItems] = useState(() => proposedItems(rec));
  const [note, setNote] = useState('');
  const [preview, setPreview] = useState(null);
  const [error, setError] = useState(null);
  const further = (rec.supplement_requests || 0) > 0;
  const body = () => ({
    missing: items.filter((m) => m.name.trim()).map((m) => ({ name: m.name.trim(), ...(m.reason.trim() ? { reason: m.reason.trim() } : {}), ...(m.id ? { id: m.id } : {}) })),
    ...(note.trim() ? { note: note.trim() } : {}),
  });
  const set = (i, key, value) => { setItems(items.map((m, j) => (j === i ? { ...m, [key]: value } : m))); setPreview(null); };
  const showPreview = async () => {
    setError(null);
    try {
      const r = await api(`/dossiers/${enc(rec.dossier_id)}/supplement-request/preview`, { method: 'POST', body: body() });
      const bytes = Uint8Array.from(atob(r.pdf), (c) => c.charCodeAt(0));
      if (preview) URL.revokeObjectURL(preview);
      setPreview(URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' })));
    } catch (e) { setError(e); }
  };
  return html`<form data-testid="supplement-editor" onSubmit=${(e) => { e.preventDefault(); act('Gửi yêu cầu bổ sung', 'supplement-request', body()); }}>
    <fieldset><legend>Yêu cầu bổ sung, hoàn thiện hồ sơ (một lần, đầy đủ)</legend>
    <div class="items">${items.map((m, i) => html`<div class="item">
      <div><label for=${`item-name-${i}`}>Giấy tờ ${i + 1}</label><br/><input id=${`item-name-${i}`} value=${m.name} size="40"
        onInput=${(e) => set(i, 'name', e.target.value)} /></div>
      <div><label for=${`item-reason-${i}`}>Lý do</label><br/><input id=${`item-reason-${i}`} value=${m.reason} size="40"
        onInput=${(e) => set(i, 'reason', e.target.value)} /></div>
      <div><br/><button type="button" class="secondary" aria-label=${`Bỏ giấy tờ ${i + 1}`}
        onClick=${() => { setItems(items.filter((_, j) => j !== i)); setPreview(null); }}>Bỏ</button></div></div>`)}</div>
    <p><button type="button" class="secondary" onClick=${() => setItems([...items, { name: '', reason: '' }])}>Thêm giấy tờ</button></p>
    <p><label for="request-note">${further ? 'Lý do yêu cầu bổ sung lần nữa (bắt buộc)' : 'Ghi chú'}</label>
      <input id="request-note" value=${note} size="60" required=${further} onInput=${(e) => { setNote(e.target.value); setPreview(null); }} /></p>
    <p><button type="button" class="secondary" onClick=${showPreview}>Xem trước phiếu</button>
      <button type="submit" disabled=${!items.some((m) => m.name.trim())}>Gửi yêu cầu bổ sung</button></p>
    ${error ? html`<p class="msg error" role="alert">${error.message}</p>` : null}
    ${preview ? html`<p><a href=${preview} download="phieu-yeu-cau-bo-sung.pdf" data-testid="preview-link">Tải phiếu xem trước</a></p>
      <iframe class="pdf" title="Xem trước phiếu yêu cầu bổ sung" src=${preview}></iframe>` : null}
    </fieldset></form>`;
}

function CounterSupplement({ act }) {
  const [complete, setComplete] = useState(true);
  const [note, setNote] = useState('');
  return html`<form onSubmit=${(e) => { e.preventDefault(); act('Nhận bổ sung tại quầy', 'counter-supplement', { complete, note }); }}>
    <fieldset><legend>Nhận giấy tờ bổ sung tại quầy</legend>
      <label for="cs-note">Đã nhận</label><input id="cs-note" value=${note} size="50" required onInput=${(e) => setNote(e.target.value)} />
      <label><input type="checkbox" checked=${complete} onChange=${(e) => setComplete(e.target.checked)} /> Hồ sơ đã đủ</label>
      <button type="submit">Ghi nhận bổ sung</button></fieldset></form>`;
}

function Withdraw({ act }) {
  const [reason, setReason] = useState('');
  return html`<form onSubmit=${(e) => { e.preventDefault(); act('Rút hồ sơ', 'withdrawal', { reason }); }}>
    <fieldset><legend>Người nộp rút hồ sơ</legend>
      <label for="wd-reason">Lý do</label><input id="wd-reason" value=${reason} required size="50" onInput=${(e) => setReason(e.target.value)} />
      <button type="submit" class="danger">Rút hồ sơ</button></fieldset></form>`;
}

function Apology({ act }) {
  const [reason, setReason] = useState('');
  const [due, setDue] = useState('');
  return html`<form onSubmit=${(e) => { e.preventDefault(); act('Xin lỗi, hẹn lại', 'apology', { reason, new_due_at: `${due}:00+07:00` }); }}>
    <fieldset><legend>Phiếu xin lỗi và hẹn lại ngày trả kết quả</legend>
      <label for="ap-reason">Lý do chậm</label><input id="ap-reason" value=${reason} required size="40" onInput=${(e) => setReason(e.target.value)} />
      <label for="ap-due">Hẹn mới (giờ Việt Nam)</label><input id="ap-due" type="datetime-local" value=${due} required onInput=${(e) => setDue(e.target.value)} />
      <button type="submit">Phát hành phiếu xin lỗi</button></fieldset></form>`;
}

// ------------------------------------------------------------------ quality dashboard
function isoDay(d) { return new Date(d.getTime() + 7 * 3600e3).toISOString().slice(0, 10); }

function Dashboard({ me }) {
  const today = isoDay(new Date());
  const [from, setFrom] = useState(`${today.slice(0, 8)}01`);
  const [to, setTo] = useState(today);
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const load = (e) => {
    if (e) e.preventDefault();
    setError(null);
    api(`/reports/quality?from=${enc(from)}&to=${enc(to)}`).then(setData).catch(setError);
  };
  useEffect(() => { load(); focusMain(); }, []);
  const o = data && data.overall;
  return html`<h2>Chất lượng phục vụ (Quyết định 766/QĐ-TTg)</h2>
    <form class="toolbar" onSubmit=${load}>
      <div><label for="from">Từ ngày</label><input id="from" type="date" value=${from} onInput=${(e) => setFrom(e.target.value)} /></div>
      <div><label for="to">Đến ngày</label><input id="to" type="date" value=${to} onInput=${(e) => setTo(e.target.value)} /></div>
      <button type="submit">Xem</button>
      <span class="muted">${me.sees_all ? 'Mọi cơ quan' : me.visible.map((a) => a.code).join(', ')}</span>
    </form>
    ${error ? html`<p class="msg error" role="alert">${error.message}</p>` : null}
    ${o ? html`<div class="summary" data-testid="indicators">
      <div class="stat"><span>Tiếp nhận</span><b>${o.received}</b></div>
      <div class="stat"><span>Đã giải quyết</span><b>${o.processed}</b></div>
      <div class="stat"><span>Đúng hạn</span><b data-testid="on-time-rate">${pct(o.on_time_rate)}</b></div>
      <div class="stat"><span>Quá hạn</span><b>${o.overdue}</b></div>
      <div class="stat"><span>Yêu cầu bổ sung</span><b>${o.supplement_requested} (${pct(o.supplement_rate)})</b></div>
      <div class="stat"><span>Số hóa</span><b>${pct(o.digitised_share)}</b></div>
    </div>
    <div class="charts">
      <${GroupChart} title="Theo cơ quan" groups=${data.by_agency} />
      <${GroupChart} title="Theo thủ tục" groups=${data.by_procedure} />
      <${GroupChart} title="Theo cán bộ tiếp nhận" groups=${data.by_officer} />
    </div>` : html`<p class="loading">Đang tính chỉ số…</p>`}`;
}

let chartLib = null;
function loadChartLib() {
  if (!chartLib) {
    chartLib = new Promise((ok, fail) => {
      const s = document.createElement('script');
      s.src = 'vendor/chart.umd.min.js';
      s.onload = () => ok(window.Chart);
      s.onerror = fail;
      document.head.append(s);
    });
  }
  return chartLib;
}

const SERIES = [
  ['on_time_rate', 'Tỷ lệ đúng hạn', '#0f5d2e', true],
  ['supplement_rate', 'Tỷ lệ yêu cầu bổ sung', '#b35c00', true],
  ['digitised_share', 'Tỷ lệ số hóa', '#0b5cad', true],
];

function GroupChart({ title, groups }) {
  const canvas = useRef(null);
  const keys = Object.keys(groups || {});
  useEffect(() => {
    if (!keys.length) return undefined;
    let chart = null;
    loadChartLib().then((Chart) => {
      chart = new Chart(canvas.current, {
        type: 'bar',
        data: {
          labels: keys,
          datasets: [
            ...SERIES.map(([k, label, color]) => ({
              label, backgroundColor: color, data: keys.map((g) => (groups[g][k] === null ? null : 100 * groups[g][k])), yAxisID: 'pct',
            })),
            { label: 'Quá hạn (hồ sơ)', backgroundColor: '#a4161a', data: keys.map((g) => groups[g].overdue), yAxisID: 'n' },
          ],
        },
        options: {
          animation: false, maintainAspectRatio: false,
          scales: { pct: { position: 'left', min: 0, max: 100, title: { display: true, text: '%' } },
            n: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, ticks: { precision: 0 } } },
        },
      });
    });
    return () => chart && chart.destroy();
  }, [JSON.stringify(groups)]);
  return html`<section class="card" aria-labelledby=${`chart-${title}`}><h3 id=${`chart-${title}`}>${title}</h3>
    ${keys.length ? html`<div class="chart"><canvas ref=${canvas} role="img" aria-label=${`Biểu đồ ${title}`}></canvas></div>
    <details><summary>Bảng số liệu</summary><table><thead><tr><th scope="col">${title.replace('Theo ', '')}</th><th scope="col">Tiếp nhận</th>
      <th scope="col">Đúng hạn</th><th scope="col">Quá hạn</th><th scope="col">Bổ sung</th><th scope="col">Số hóa</th></tr></thead>
      <tbody>${keys.map((g) => html`<tr><td>${g}</td><td>${groups[g].received}</td><td>${pct(groups[g].on_time_rate)}</td>
        <td>${groups[g].overdue}</td><td>${pct(groups[g].supplement_rate)}</td><td>${pct(groups[g].digitised_share)}</td></tr>`)}</tbody></table></details>`
    : html`<p class="muted">Không có số liệu.</p>`}</section>`;
}

// ------------------------------------------------------------------ start
if (typeof document !== 'undefined' && document.getElementById('app')) {
  const named = settings().then((c) => { STATUS_LABELS = c.status_labels || {}; });
  handleRedirect().then(() => {
    if (/^#\/?$/.test(location.hash || '#/')) {
      firstPage = api(`/dossiers?order=due&limit=${PAGE}`);
      firstPage.catch(() => {}); // a refusal is shown by /me (sign-in) or by the queue
    }
  }).then(() => named).then(() => {
    const root = document.getElementById('app');
    root.textContent = ''; // the "loading" line
    render(html`<${App} />`, root);
  });
}
