// What every page shares in the browser: the scroll position of each history entry (restored
// when a listing comes back with its pages), and the watch page's keyboard shortcuts.
(function () {
  if (window.valvidPage) return;
  const PREFIX = "valvid-scroll:";
  let restoring = false; // a Back is under way: the short page must not overwrite the position

  function entryKey(url) {
    const state = window.history.state || {};
    const where = url || window.location.pathname + window.location.search;
    return PREFIX + (state.key || state.idx || "") + ":" + where;
  }

  function remember() {
    if (restoring) return;
    try {
      sessionStorage.setItem(entryKey(), String(Math.round(window.scrollY)));
    } catch (e) {
      /* storage full or blocked: positions are a convenience */
    }
  }

  let queued = false;
  window.addEventListener(
    "scroll",
    () => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => {
        queued = false;
        remember();
      });
    },
    { passive: true },
  );
  window.addEventListener("popstate", () => {
    restoring = true;
    setTimeout(() => (restoring = false), 5000);
  });
  // A new page starts at the top (Back and Forward restore instead).
  const push = window.history.pushState.bind(window.history);
  window.history.pushState = function (...args) {
    push(...args);
    window.scrollTo(0, 0);
  };

  window.valvidPage = {
    // The URL of this history entry changes in place (e.g. ?pages=2); its position goes along.
    replaceUrl(url) {
      const saved = sessionStorage.getItem(entryKey());
      window.history.replaceState(window.history.state, "", url);
      if (saved !== null) sessionStorage.setItem(entryKey(), saved);
    },
    // Called once a listing has shown its cards: back to where the viewer left this entry.
    restoreScroll() {
      const saved = Number(sessionStorage.getItem(entryKey()) || 0);
      let frames = 0;
      const step = () => {
        const room = document.documentElement.scrollHeight - window.innerHeight;
        if (room >= saved || frames++ > 120) {
          if (saved > 0) window.scrollTo(0, Math.min(saved, room));
          restoring = false;
          return;
        }
        requestAnimationFrame(step);
      };
      step();
    },
  };

  // Watch page: YouTube's keys while the page has focus, never while typing or on a control.
  const SEEK = { j: -10, l: 10, ArrowLeft: -5, ArrowRight: 5 };
  const TYPING = "input, textarea, select, button, [contenteditable=''], [contenteditable=true], [role=menuitem], [role=option], [role=slider], [role=combobox], [role=textbox]";
  document.addEventListener("keydown", (e) => {
    const video = document.getElementById("player");
    if (!video || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.target instanceof Element ? e.target : null;
    if (target && target !== video && target.closest(TYPING)) return;
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    if (key === " " || key === "k") {
      if (video.paused) video.play().catch(() => {});
      else video.pause();
    } else if (key in SEEK) {
      const end = Number.isFinite(video.duration) ? video.duration : Infinity;
      video.currentTime = Math.min(Math.max(video.currentTime + SEEK[key], 0), end);
    } else if (key === "ArrowUp" || key === "ArrowDown") {
      const step = key === "ArrowUp" ? 0.1 : -0.1;
      video.volume = Math.min(Math.max(video.volume + step, 0), 1);
      video.muted = false;
    } else if (key === "m") {
      video.muted = !video.muted;
    } else if (key === "f") {
      if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
      else video.requestFullscreen().catch(() => {});
    } else {
      return;
    }
    e.preventDefault();
  });
})();
