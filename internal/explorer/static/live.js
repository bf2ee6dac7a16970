// Live updates for the twinchain explorer: listens to /events (server-sent
// events) and adds new blocks and transactions to the page. No framework.
(function () {
  "use strict";
  if (!window.EventSource) return;
  var status = document.getElementById("live-status");
  var es = null;
  function el(tag, text) { var e = document.createElement(tag); if (text !== undefined) e.textContent = text; return e; }
  function link(href, text) { var a = el("a", text); a.href = href; return a; }
  function feed(ev) {
    var list = document.getElementById("live-feed");
    if (!list) return;
    var muted = list.querySelector(".muted");
    if (muted) muted.remove();
    var li = el("li");
    li.className = "new";
    var chain = ev.chain === "btc" ? "UTXO " : "account ";
    if (ev.kind === "disconnect") {
      li.appendChild(document.createTextNode(chain + "blocks from " + ev.height + " left the chain; tip "));
      li.appendChild(link(ev.url, String(ev.height - 1)));
    } else {
      li.appendChild(document.createTextNode(chain + ev.kind + " "));
      li.appendChild(link(ev.url, ev.kind === "block" ? String(ev.height) : ev.hash.slice(0, 18) + "…"));
    }
    list.insertBefore(li, list.firstChild);
    while (list.children.length > 30) list.removeChild(list.lastChild);
  }
  function block(ev) {
    var tip = document.getElementById(ev.chain + "-tip");
    if (tip) { tip.textContent = String(ev.height); tip.href = ev.url; }
    var body = document.getElementById(ev.chain + "-blocks");
    if (body) {
      var tr = el("tr");
      tr.className = "new";
      var td = el("td");
      td.appendChild(link(ev.url, String(ev.height)));
      tr.appendChild(td);
      tr.appendChild(el("td", "just now"));
      var cols = body.rows.length ? body.rows[0].cells.length : 2;
      for (var i = 2; i < cols; i++) tr.appendChild(el("td", "…"));
      body.insertBefore(tr, body.firstChild);
      while (body.rows.length > 10) body.deleteRow(body.rows.length - 1);
    }
  }
  // disconnect drops the rows of blocks from ev.height up (a reorganisation
  // or a rewind) and shows the new tip; the replacing blocks come as block
  // events.
  function disconnect(ev) {
    var tip = document.getElementById(ev.chain + "-tip");
    if (tip) { tip.textContent = String(ev.height - 1); tip.href = ev.url; }
    var body = document.getElementById(ev.chain + "-blocks");
    if (!body) return;
    for (var i = body.rows.length - 1; i >= 0; i--) {
      var h = parseInt(body.rows[i].cells[0].textContent, 10);
      if (!isNaN(h) && h >= ev.height) body.deleteRow(i);
    }
  }
  function tx(ev) {
    var counter = document.getElementById(ev.chain === "btc" ? "btc-mempool" : "eth-pool");
    if (counter) { var n = parseInt(counter.textContent, 10); if (!isNaN(n)) counter.textContent = String(n + 1); }
    var body = document.getElementById("btc-mempool-recent");
    if (body && ev.chain === "btc") {
      var tr = el("tr");
      tr.className = "new";
      var td = el("td");
      var code = el("code", ev.hash);
      var a = link(ev.url, "");
      a.appendChild(code);
      td.appendChild(a);
      tr.appendChild(td);
      tr.appendChild(el("td", "…"));
      tr.appendChild(el("td", ev.fee + " sat"));
      tr.appendChild(el("td", ev.vsize ? (ev.fee / ev.vsize).toFixed(2) + " sat/vB" : ""));
      tr.appendChild(el("td", "just now"));
      body.insertBefore(tr, body.firstChild);
      while (body.rows.length > 25) body.deleteRow(body.rows.length - 1);
    }
  }
  function handle(e) {
    var ev;
    try { ev = JSON.parse(e.data); } catch (err) { return; }
    if (ev.kind === "block") block(ev); else if (ev.kind === "disconnect") disconnect(ev); else tx(ev);
    feed(ev);
  }
  // The stream is opened when the page is shown and closed when it is left:
  // a page kept in the browser's back/forward cache must not hold one of the
  // few connections a browser allows per host.
  function open() {
    if (es) return;
    es = new EventSource("/events");
    ["btc-block", "btc-tx", "btc-disconnect", "eth-block", "eth-tx", "eth-disconnect"].forEach(function (t) { es.addEventListener(t, handle); });
    es.onopen = function () { if (status) status.textContent = "Live updates on."; };
    es.onerror = function () { if (status) status.textContent = "Live updates paused; retrying."; };
  }
  function close() {
    if (!es) return;
    es.close();
    es = null;
  }
  window.addEventListener("pagehide", close);
  window.addEventListener("pageshow", open);
  open();
})();
