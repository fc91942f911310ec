/**
 * The demo page itself: one HTML document with its style and script, no build step. The script asks
 * /state for the current user's surfaces (rendered on the server) once a second and sends each click,
 * menu choice, modal submission and /trail command back to the page server, which signs it for Bolt.
 */

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:15px/1.46 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1d1c1d;background:#fff}
.app-frame{display:grid;grid-template-columns:220px 1fr;height:100vh;overflow:hidden}
.sidebar{background:#3f0e40;color:#cfc3cf;padding:12px 0;display:flex;flex-direction:column;gap:2px}
.workspace{color:#fff;font-weight:700;font-size:17px;padding:4px 16px 12px}
.sidebar .tab{display:block;width:100%;background:none;border:0;color:inherit;text-align:left;padding:4px 16px;font:inherit;cursor:pointer}
.sidebar .tab.active{background:#1164a3;color:#fff}
.sidebar .tab .count{float:right;opacity:.7}
.who{margin-top:auto;padding:12px 16px;border-top:1px solid #5d2c5e}
.who label{display:block;font-size:12px;text-transform:uppercase;letter-spacing:.05em;margin-bottom:4px}
.who select{width:100%;font:inherit;padding:4px}
.who .role{font-size:12px;margin-top:4px}
main{display:flex;flex-direction:column;min-width:0;min-height:0;overflow:hidden}
.channel-head{border-bottom:1px solid #ddd;padding:10px 20px;font-weight:700;font-size:18px}
.channel-head small{font-weight:400;color:#616061;font-size:13px;margin-left:8px}
#panel{flex:1;min-height:0;overflow-y:auto;padding:8px 0 16px}
.message{display:flex;gap:8px;padding:8px 20px}.message:hover{background:#f8f8f8}
.message.ephemeral{background:#f4f8fb}
.avatar{width:36px;height:36px;border-radius:6px;background:#2eb67d;color:#fff;font-weight:700;display:flex;align-items:center;justify-content:center;flex:none}
.message-main{min-width:0;flex:1}.message-head .app{font-size:10px;background:#e8e8e8;color:#616061;padding:1px 3px;border-radius:2px}
.time,.edited{color:#616061;font-size:12px}
.ephemeral-note{color:#616061;font-size:12px}
.block{margin:4px 0}.header{font-weight:900;font-size:18px}
.divider{border:0;border-top:1px solid #ddd}
.context{color:#616061;font-size:13px}
.section{display:flex;gap:12px;align-items:flex-start}.section-body{flex:1;min-width:0}
.fields{display:grid;grid-template-columns:1fr 1fr;gap:4px 16px;margin-top:4px}
.actions{display:flex;flex-wrap:wrap;gap:8px}
.button{font:inherit;font-size:14px;font-weight:700;padding:4px 12px;border:1px solid #bbb;border-radius:4px;background:#fff;color:#1d1c1d;cursor:pointer;text-decoration:none}
.button.primary{background:#007a5a;border-color:#007a5a;color:#fff}.button.danger{background:#e01e5a;border-color:#e01e5a;color:#fff}
.button:disabled{opacity:.5}
.select,.input{font:inherit;font-size:14px;padding:4px 8px;border:1px solid #bbb;border-radius:4px;max-width:100%}
.input{width:100%}textarea.input{min-height:80px}
code{background:#f6f6f6;border:1px solid #e5e5e5;color:#e01e5a;border-radius:3px;padding:0 3px;font-size:12px}
pre{background:#f8f8f8;border:1px solid #e5e5e5;border-radius:4px;padding:8px;white-space:pre-wrap;font-size:12px}
blockquote{margin:0;border-left:4px solid #ddd;padding-left:8px}
.mention{background:#e8f5fa;color:#1264a3;border-radius:3px;padding:0 2px}
a{color:#1264a3}.link{border:0;background:none;color:#1264a3;cursor:pointer;padding:0;font:inherit;font-size:12px}
details.thread{margin-top:6px;border-left:3px solid #e0e0e0}
details.thread summary{cursor:pointer;color:#1264a3;font-weight:700;font-size:13px;padding:2px 8px}
details.thread .message{padding:6px 8px}
.composer{border:1px solid #bbb;border-radius:8px;margin:0 20px 16px;display:flex}
.composer input{flex:1;border:0;padding:10px;font:inherit;border-radius:8px}
.composer button{border:0;background:#007a5a;color:#fff;font-weight:700;padding:0 16px;border-radius:0 8px 8px 0;cursor:pointer}
#status{font-size:12px;color:#616061;padding:0 20px 6px;min-height:18px}
.empty{color:#616061;padding:20px}
.overlay{position:fixed;inset:0;background:rgba(0,0,0,.45);display:flex;align-items:center;justify-content:center}
.modal{background:#fff;border-radius:8px;width:min(560px,94vw);max-height:88vh;display:flex;flex-direction:column}
.modal-head{font-weight:900;font-size:20px;padding:18px 24px;border-bottom:1px solid #ddd}
.modal-body{padding:12px 24px;overflow-y:auto}.modal-foot{padding:12px 24px;border-top:1px solid #ddd;display:flex;justify-content:flex-end;gap:8px}
.input-label{font-weight:700;display:block;margin-bottom:4px}.hint{color:#616061;font-size:13px}
.modal-error{color:#e01e5a;font-size:13px}
`;

const SCRIPT = `
const state = { user: localStorage.getItem('demo-user') || '', tab: localStorage.getItem('demo-tab') || '', open: new Set(), last: '', modal: '' };
const $ = (s) => document.querySelector(s);
async function send(path, body) {
  const r = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: state.user, ...body }) });
  const answer = await r.json();
  $('#status').textContent = answer.error ? 'Not sent: ' + answer.error : 'Signed and posted to /slack/events: Bolt answered ' + answer.status;
  setTimeout(refresh, 150);
  return answer;
}
function surfaceOf(el) { const s = el.closest('[data-surface]'); return s ? JSON.parse(s.dataset.surface) : {}; }
function renderUsers(users) {
  const sel = $('#user');
  if (sel.options.length !== users.length) {
    sel.innerHTML = users.map((u) => '<option value="' + u.id + '">' + u.name + '</option>').join('');
  }
  if (!users.some((u) => u.id === state.user)) state.user = users[0].id;
  sel.value = state.user;
  $('#role').textContent = (users.find((u) => u.id === state.user) || {}).role || '';
}
function renderTabs(data) {
  if (!state.tab) state.tab = data.channels[0].id;
  const tabs = data.channels.map((c) => '<button class="tab' + (state.tab === c.id ? ' active' : '') + '" data-tab="' + c.id + '"># ' + c.name + ' <span class="count">' + c.count + '</span></button>').join('')
    + '<button class="tab' + (state.tab === 'home' ? ' active' : '') + '" data-tab="home">App Home</button>';
  if ($('#tabs').innerHTML !== tabs) $('#tabs').innerHTML = tabs;
}
function renderPanel(data) {
  const channel = data.channels.find((c) => c.id === state.tab);
  $('#title').innerHTML = channel ? '# ' + channel.name + '<small>trailwatch posts incidents here</small>' : 'trailwatch <small>App Home</small>';
  $('#composer-box').style.display = channel ? '' : 'none';
  const html = channel ? channel.html : data.home;
  if (html === state.last) return;
  const panel = $('#panel');
  const atBottom = panel.scrollHeight - panel.scrollTop - panel.clientHeight < 40;
  panel.innerHTML = html;
  state.last = html;
  panel.querySelectorAll('details[data-thread]').forEach((d) => { if (state.open.has(d.dataset.thread)) d.open = true; });
  if (atBottom) panel.scrollTop = panel.scrollHeight;
}
function renderModal(modal) {
  const key = modal ? modal.id + modal.html : '';
  if (key === state.modal) return;
  state.modal = key;
  $('#modal-root').innerHTML = modal ? '<div class="overlay"><div class="modal" data-view-id="' + modal.id + '"><div class="modal-head">' + modal.title + '</div><div class="modal-body">' + modal.html + '<div class="modal-error"></div></div><div class="modal-foot"><button class="button" data-modal-close>' + modal.close + '</button>' + (modal.submit ? '<button class="button primary" data-modal-submit>' + modal.submit + '</button>' : '') + '</div></div></div>' : '';
}
async function refresh() {
  const r = await fetch('/state?user=' + encodeURIComponent(state.user || ''));
  const data = await r.json();
  if (data.error) { state.user = ''; return; }
  renderUsers(data.users); renderTabs(data); renderPanel(data); renderModal(data.modal);
}
function modalValues(modal) {
  const values = {};
  modal.querySelectorAll('[data-action-id]').forEach((el) => {
    const block = el.dataset.blockId || 'block';
    values[block] = values[block] || {};
    if (el.tagName === 'SELECT') {
      if (el.value) values[block][el.dataset.actionId] = { type: 'static_select', selected_option: { value: el.value, text: { type: 'plain_text', text: el.selectedOptions[0].textContent } } };
    } else if (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') {
      values[block][el.dataset.actionId] = { type: 'plain_text_input', value: el.value };
    }
  });
  return values;
}
document.addEventListener('click', async (event) => {
  const el = event.target.closest('button');
  if (!el) return;
  if (el.dataset.tab) { state.tab = el.dataset.tab; localStorage.setItem('demo-tab', state.tab); state.last = ''; if (state.tab === 'home') send('/home', {}); refresh(); return; }
  if (el.dataset.dismiss) { send('/dismiss', { key: el.dataset.dismiss }); return; }
  const modal = el.closest('.modal');
  if (el.hasAttribute('data-modal-close')) { send('/close', { viewId: modal.dataset.viewId }); return; }
  if (el.hasAttribute('data-modal-submit')) {
    const answer = await send('/submit', { viewId: modal.dataset.viewId, values: modalValues(modal) });
    const errors = answer.body && answer.body.errors;
    if (errors) modal.querySelector('.modal-error').textContent = Object.values(errors).join(' ');
    return;
  }
  if (el.dataset.actionId && el.tagName === 'BUTTON') {
    if (el.dataset.confirm) { const c = JSON.parse(el.dataset.confirm); if (!confirm((c.title || '') + '\\n\\n' + (c.text || ''))) return; }
    el.disabled = true;
    await send('/action', { surface: surfaceOf(el), action: { action_id: el.dataset.actionId, value: el.dataset.value, block_id: el.dataset.blockId } });
  }
});
document.addEventListener('change', (event) => {
  const el = event.target;
  if (el.id === 'user') { state.user = el.value; localStorage.setItem('demo-user', state.user); state.last = ''; state.modal = ''; if (state.tab === 'home') send('/home', {}); refresh(); return; }
  if (el.tagName !== 'SELECT' || !el.dataset.actionId || el.closest('.modal')) return;
  send('/action', { surface: surfaceOf(el), action: { action_id: el.dataset.actionId, block_id: el.dataset.blockId, selected_value: el.value, selected_text: el.selectedOptions[0].textContent } });
});
document.addEventListener('toggle', (event) => {
  const d = event.target;
  if (d.dataset && d.dataset.thread) { if (d.open) state.open.add(d.dataset.thread); else state.open.delete(d.dataset.thread); }
}, true);
$('#composer-box').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = $('#composer');
  const text = input.value.trim().replace(/^\\/trail\\b\\s*/, '');
  input.value = '';
  send('/command', { text });
});
refresh();
setInterval(refresh, 1000);
`;

export const SLACK_PAGE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>trailwatch demo: Slack stand-in</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${STYLE}</style></head>
<body><div class="app-frame">
<nav class="sidebar"><div class="workspace">trailwatch demo</div><div id="tabs"></div>
<div class="who"><label for="user">You are</label><select id="user"></select><div class="role" id="role"></div></div></nav>
<main><div class="channel-head" id="title"></div><div id="panel"></div><div id="status"></div>
<form class="composer" id="composer-box"><input id="composer" placeholder="/trail help" autocomplete="off"><button type="submit">Send</button></form></main>
</div><div id="modal-root"></div><script>${SCRIPT}</script></body></html>`;
