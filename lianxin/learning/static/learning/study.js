// The study timer of a lesson page: a heartbeat every `data-interval` seconds, sent only while
// the page is visible and the window has focus. The server decides what is credited.
(function () {
  "use strict";
  const box = document.getElementById("study");
  if (!box) return;
  const url = box.dataset.beatUrl;
  const interval = Math.max(1, Number(box.dataset.interval || 15)) * 1000;
  const required = Number(box.dataset.required || 0);
  const credited = document.getElementById("study-credited");
  const bar = document.getElementById("study-bar");
  const done = document.getElementById("study-done");
  const paused = document.getElementById("study-paused");
  const media = document.getElementById("study-media");
  let timer = null;
  let ended = false;

  function active() {
    return document.visibilityState === "visible" && document.hasFocus();
  }

  function show(seconds, complete) {
    credited.textContent = String(seconds);
    bar.style.width = Math.min(100, required ? (100 * seconds) / required : 100) + "%";
    if (complete) done.hidden = false;
  }

  function beat(visible) {
    const body = JSON.stringify({ visible: visible, media_ended: ended });
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": box.dataset.csrf },
      body: body,
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) show(data.credited_seconds, data.completed); })
      .catch(function () { /* offline: the next heartbeat starts afresh */ });
  }

  function start() {
    if (timer !== null || !active()) return;
    paused.hidden = true;
    beat(true);
    timer = window.setInterval(function () {
      if (active()) beat(true); else stop();
    }, interval);
  }

  function stop() {
    if (timer === null) return;
    window.clearInterval(timer);
    timer = null;
    paused.hidden = false;
    beat(false);
  }

  function update() { if (active()) start(); else stop(); }

  document.addEventListener("visibilitychange", update);
  window.addEventListener("focus", update);
  window.addEventListener("blur", update);
  if (media) media.addEventListener("ended", function () { ended = true; if (active()) beat(true); });
  show(Number(box.dataset.credited || 0), box.dataset.done === "1");
  update();
})();
