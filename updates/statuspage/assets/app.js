// keepcool status page: keeps the server-rendered page current over
// Server-Sent Events, without reloading. Every value from the server is
// untrusted text and goes into the page with textContent only.
(function () {
  'use strict';

  var token = new URLSearchParams(location.search).get('token');
  var query = token ? '?token=' + encodeURIComponent(token) : '';
  var view = null; // the last state received
  var skew = 0; // server clock minus ours, so "elapsed" agrees with the server
  var generated = Date.parse(document.body.getAttribute('data-generated'));
  if (!isNaN(generated)) skew = generated - Date.now();
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

  // span mirrors updates.Span on the server: "35 s", "42 min", "1 h 05 min"
  // (a running incident says "under a minute" at first, as the server does).
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

  // Times: the server writes them in the zone stakeholders' messages use,
  // named ("09:30 CET"); here they are rewritten in the viewer's own zone and
  // clock, named too, by the rules of timefmt on the server: the weekday
  // when not today, and the date when past or a week or more away.
  var intl = window.Intl && Intl.DateTimeFormat && Intl.DateTimeFormat.prototype.formatToParts;
  var fmtClock = intl && new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
  var fmtZone = intl && new Intl.DateTimeFormat(undefined, { hour: 'numeric', timeZoneName: 'short' });
  var fmtWeekday = intl && new Intl.DateTimeFormat(undefined, { weekday: 'short' });
  var fmtDate = intl && new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short' });
  var fmtYear = intl && new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });

  function zoneName(d) {
    var z = fmtZone.formatToParts(d).filter(function (p) { return p.type === 'timeZoneName'; });
    return z.length ? z[0].value : '';
  }

  function dayNumber(d) { return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / 864e5; }

  function dayPrefix(d, ref) {
    var n = dayNumber(d) - dayNumber(ref);
    if (n === 0) return '';
    if (n > 0 && n < 7) return fmtWeekday.format(d) + ' ';
    return (d.getFullYear() === ref.getFullYear() ? fmtDate : fmtYear).format(d) + ' ';
  }

  function timeText(d, ref) { return dayPrefix(d, ref) + fmtClock.format(d) + ' ' + zoneName(d); }

  function rangeText(lo, hi, ref) {
    if (Math.floor(lo / 6e4) === Math.floor(hi / 6e4)) return timeText(lo, ref);
    var first = dayPrefix(lo, ref) + fmtClock.format(lo);
    if (zoneName(lo) !== zoneName(hi)) first += ' ' + zoneName(lo);
    var last = fmtClock.format(hi);
    if (dayNumber(lo) !== dayNumber(hi)) last = dayPrefix(hi, ref) + last;
    return first + '\u2013' + last + ' ' + zoneName(hi);
  }

  function date(s) {
    var t = Date.parse(s || '');
    return isNaN(t) ? null : new Date(t);
  }

  // localize rewrites one element marked data-local from its datetime,
  // data-at or data-lo/data-hi (and data-plo/data-phi, a revised-from
  // range); without them, or without Intl, the server's text stays.
  function localize(e, ref) {
    var lo = date(e.getAttribute('data-lo')), hi = date(e.getAttribute('data-hi'));
    var at = date(e.getAttribute('datetime') || e.getAttribute('data-at'));
    var s;
    if (lo && hi) {
      s = rangeText(lo, hi, ref);
      var plo = date(e.getAttribute('data-plo')), phi = date(e.getAttribute('data-phi'));
      if (plo && phi) s += ' (revised from ' + rangeText(plo, phi, ref) + ')';
    } else if (at) {
      s = timeText(at, ref);
    } else {
      return;
    }
    s = (e.getAttribute('data-prefix') || '') + s;
    if (e.textContent !== s) e.textContent = s;
  }

  function localizeAll() {
    if (!intl) return;
    var ref = new Date(now());
    document.querySelectorAll('[data-local]').forEach(function (e) { localize(e, ref); });
    var zone = zoneName(ref), id = Intl.DateTimeFormat().resolvedOptions().timeZone;
    setText('zone', 'your time zone, ' + zone + (id && id !== zone ? ' (' + id + ')' : ''));
  }

  // stamp marks an element for localize with the given instants.
  function stamp(id, attrs) {
    var e = $(id);
    if (!e) return;
    Object.keys(attrs).forEach(function (k) {
      if (attrs[k]) e.setAttribute(k, attrs[k]); else e.removeAttribute(k);
    });
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
    stamp('last-test-time', { datetime: v.last_test_at });
    show('zone-line', !!v.last_test_text);
    setText('zone', v.time_zone);
    renderPast(v.recent || []);
    localizeAll();
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
    stamp('updated', { datetime: i.latest.at });
    show('updated-line', true);
    show('zone-line', true);
    setText('zone', i.time_zone);
    localizeAll();
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
    var est = i.estimate || {}, prev = i.previous_estimate || {};
    setText('estimate', i.estimate_range);
    stamp('estimate', { 'data-lo': est.min_at, 'data-hi': est.max_at });
    show('revised', !!i.estimate_revised_from);
    setText('revised-from', i.estimate_revised_from);
    stamp('revised-from', { 'data-lo': prev.min_at, 'data-hi': prev.max_at });
    setText('elapsed-label', i.resolved ? 'Duration' : 'Elapsed');
    setText('elapsed', i.elapsed);
    setText('declared-at', i.declared_at_text);
    stamp('declared-at', { datetime: i.declared_at });
    show('fact-resolved', i.resolved);
    setText('resolved-at', i.resolved_at_text);
    stamp('resolved-at', { datetime: i.resolved_at });
    show('promise', !!i.next_update_text);
    setText('next', i.next_update_text);
    stamp('next', { 'data-at': i.next_update_by });
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
      when.setAttribute('data-local', '');
      var main = el('div', 'entry-main');
      main.appendChild(el('div', 'entry-label', e.label));
      main.appendChild(el('p', 'text', e.body));
      if (e.detail) {
        var detail = el('p', 'detail', e.detail);
        if (e.estimate) {
          var p = e.previous_estimate || {};
          detail.setAttribute('data-local', '');
          detail.setAttribute('data-prefix', 'Fix expected ');
          [['data-lo', e.estimate.min_at], ['data-hi', e.estimate.max_at], ['data-plo', p.min_at], ['data-phi', p.max_at]]
            .forEach(function (a) { if (a[1]) detail.setAttribute(a[0], a[1]); });
        }
        main.appendChild(detail);
      }
      li.appendChild(when);
      li.appendChild(main);
      frag.appendChild(li);
    });
    $('timeline').replaceChildren(frag);
    seen = ids;
  }

  // renderPast lists the incidents before the current one, each with its
  // all-clear, as the server renders them.
  function renderPast(list) {
    var frag = document.createDocumentFragment();
    list.forEach(function (p) {
      var li = el('li', 'past-item sev-' + severity(p.severity) + (p.resolved ? ' is-resolved' : ''));
      if (/^[a-z0-9-]+$/.test(p.id || '')) li.id = p.id;
      var head = el('div', 'past-head');
      head.appendChild(el('span', 'badge badge-sev', 'SEV' + p.severity));
      head.appendChild(el('span', 'badge badge-status', p.resolved ? 'Resolved' : p.status));
      if (p.drill) head.appendChild(el('span', 'badge badge-drill', 'Drill'));
      li.appendChild(head);
      li.appendChild(el('h3', 'past-title', p.title));
      var when = el('p', 'past-when');
      var from = el('time', null, p.declared_at_text);
      from.setAttribute('datetime', p.declared_at);
      from.setAttribute('data-local', '');
      when.appendChild(from);
      if (p.resolved) {
        when.appendChild(document.createTextNode(' – '));
        var to = el('time', null, p.resolved_at_text);
        to.setAttribute('datetime', p.resolved_at);
        to.setAttribute('data-local', '');
        when.appendChild(to);
        when.appendChild(document.createTextNode(' · ' + p.elapsed));
      }
      li.appendChild(when);
      var latest = p.latest || {};
      li.appendChild(el('p', 'past-label', latest.label));
      li.appendChild(el('p', 'text', latest.body));
      if (p.root_cause) {
        var cause = el('p', 'past-cause');
        cause.appendChild(el('span', null, 'Root cause'));
        cause.appendChild(document.createTextNode(' ' + p.root_cause));
        li.appendChild(cause);
      }
      frag.appendChild(li);
    });
    $('past-list').replaceChildren(frag);
    show('past', list.length > 0);
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
    if (!isNaN(declared)) setText('elapsed', now() - declared < 6e4 ? 'under a minute' : span(now() - declared));
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
  setInterval(localizeAll, 30000); // "Tue" becomes "today" at midnight
  localizeAll(); // the server-rendered page, before the first update
  connect();
})();
