// keepcool status page: keeps the server-rendered page current over
// Server-Sent Events, without reloading. Every value from the server is
// untrusted text and goes into the page with textContent only.
(function () {
  'use strict';

  var token = new URLSearchParams(location.search).get('token');
  var query = token ? '?token=' + encodeURIComponent(token) : '';
  var view = null; // the last state received
  var skew = 0; // server clock minus ours, so "elapsed" agrees with the server
  var seen = null; // timeline ids already shown, to highlight new entries

  function $(id) { return document.getElementById(id); }

  function setText(id, s) {
    var e = $(id);
    s = s == null ? '' : String(s);
    if (e && e.textContent !== s) e.textContent = s;
  }

  function show(id, on) {
    var e = $(id);
    if (e) e.hidden = !on;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = String(text);
    return e;
  }

  function now() { return Date.now() + skew; }

  // span mirrors updates.Span on the server: "35 s", "42 min", "1 h 05 min".
  function span(ms) {
    var s = Math.round(ms / 1000);
    if (s >= 3600) {
      var m = Math.floor(s / 60) % 60;
      return Math.floor(s / 3600) + ' h ' + (m < 10 ? '0' : '') + m + ' min';
    }
    if (s >= 60) return Math.floor(s / 60) + ' min';
    if (s < 0) return '0 s';
    return s + ' s';
  }

  function severity(s) {
    s = Math.round(Number(s)) || 1; // as clampSeverity on the server
    return Math.min(Math.max(s, 1), 4);
  }

  function render(v) {
    view = v;
    var t = Date.parse(v.generated_at);
    if (!isNaN(t)) skew = t - Date.now();
    show('last-test', !!v.last_test_text);
    setText('last-test-time', v.last_test_text);
    var i = v.incident;
    show('calm', !i);
    show('incident', !!i);
    if (!i) {
      document.body.className = 'state-none';
      document.title = 'All systems normal · Status';
      show('drill-strip', false);
      show('updated-line', false);
      return;
    }
    renderHero(i);
    renderSituation(i);
    renderTimeline(i.timeline || []);
    setText('updated', i.latest.time);
    show('updated-line', true);
    tick();
  }

  function renderHero(i) {
    var sev = severity(i.severity);
    document.body.className = (i.resolved ? 'state-resolved' : 'state-active') +
      ' sev-' + sev + (i.drill ? ' is-drill' : '');
    document.title = (i.drill ? '[DRILL] ' : '') + (i.resolved ? 'Resolved · ' + i.title
      : 'SEV' + i.severity + ' · ' + i.title + ' — ' + i.status);
    setText('sev', 'SEV' + i.severity);
    setText('status', i.resolved ? 'Resolved' : i.status);
    show('drill', i.drill);
    show('drill-strip', i.drill);
    setText('title', i.title);
    setText('latest-label', i.latest.label);
    setText('latest-time', i.latest.time);
    $('latest-time').setAttribute('datetime', i.latest.at);
    setText('latest-body', i.latest.body);
    show('fact-estimate', !i.resolved && !!i.estimate_range);
    setText('estimate', i.estimate_range);
    show('revised', !!i.estimate_revised_from);
    setText('revised-from', i.estimate_revised_from);
    setText('elapsed-label', i.resolved ? 'Duration' : 'Elapsed');
    setText('elapsed', i.elapsed);
    setText('declared-at', i.declared_at_text);
    show('fact-resolved', i.resolved);
    setText('resolved-at', i.resolved_at_text);
    show('promise', !!i.next_update_text);
    setText('next', i.next_update_text);
  }

  function renderSituation(i) {
    var rows = [['s-cause', 'root-cause', i.root_cause], ['s-impact', 'impact', i.impact],
      ['s-known', 'known', i.known], ['s-unknown', 'unknown', i.unknown], ['s-plan', 'plan', i.plan]];
    var any = false;
    rows.forEach(function (r) {
      show(r[0], !!r[2]);
      setText(r[1], r[2]);
      any = any || !!r[2];
    });
    show('situation', any);
  }

  function renderTimeline(entries) {
    var frag = document.createDocumentFragment();
    var ids = {};
    entries.forEach(function (e) {
      var li = el('li', 'entry k-' + (/^[a-z-]+$/.test(e.kind) ? e.kind : 'note'));
      if (seen && !seen[e.id]) li.classList.add('fresh');
      ids[e.id] = true;
      var when = el('time', null, e.time);
      when.setAttribute('datetime', e.at);
      var main = el('div', 'entry-main');
      main.appendChild(el('div', 'entry-label', e.label));
      main.appendChild(el('p', 'text', e.body));
      if (e.detail) main.appendChild(el('p', 'detail', e.detail));
      li.appendChild(when);
      li.appendChild(main);
      frag.appendChild(li);
    });
    $('timeline').replaceChildren(frag);
    seen = ids;
  }

  // tick keeps the clock-dependent parts true between updates.
  function tick() {
    var i = view && view.incident;
    if (!i) return;
    var promise = $('promise');
    if (i.resolved) {
      promise.classList.remove('overdue');
      show('estimate-passed', false);
      return;
    }
    var declared = Date.parse(i.declared_at);
    if (!isNaN(declared)) setText('elapsed', span(now() - declared));
    var next = Date.parse(i.next_update_by);
    promise.classList.toggle('overdue', !isNaN(next) && now() > next);
    var max = i.estimate ? Date.parse(i.estimate.max_at) : NaN;
    show('estimate-passed', !isNaN(max) && now() > max);
  }

  function live(state, text) {
    $('live').setAttribute('data-state', state);
    setText('live-text', text);
  }

  function connect() {
    if (!window.EventSource) return; // very old browser: the server-rendered page stays; reload to refresh
    var es = new EventSource('events' + query);
    live('connecting', 'Connecting…');
    es.addEventListener('open', function () { live('live', 'Live'); });
    es.addEventListener('state', function (ev) {
      var v;
      try { v = JSON.parse(ev.data); } catch (err) { return; }
      render(v);
      live('live', 'Live');
    });
    es.addEventListener('error', function () {
      if (es.readyState === EventSource.CLOSED) { // refused (401, 503): the browser gave up
        live('down', 'Disconnected — retrying');
        setTimeout(connect, 5000);
        return;
      }
      live('down', 'Reconnecting…');
    });
  }

  setInterval(tick, 1000);
  connect();
})();
