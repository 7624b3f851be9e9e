// sitegen serve: reload this page when its output changes, swap stylesheets when only CSS
// changed, and show build errors over the page. Injected by the dev server only.
//
// One connection per browser, not per tab: browsers allow ~6 connections per host, so
// 20 tabs each holding an event stream would stop pages from loading. The visible tab that
// holds a Web Lock listens and relays the news to the other tabs on a BroadcastChannel;
// hidden tabs never listen, and give the lock up when they are hidden.
(() => {
  const config = JSON.parse(document.currentScript.dataset.sitegen);
  const scrollKey = "sitegen:scroll:" + location.pathname;
  const shared = "sitegen:" + config.events;
  let build = config.build;

  const saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    addEventListener("load", () => scrollTo(0, Number(saved)));
  }

  function reload() {
    sessionStorage.setItem(scrollKey, String(scrollY));
    location.reload();
  }

  // The new page replaces the old one in place: no navigation, so the scroll position, the
  // stylesheets and the event stream stay; a change to the stylesheets needs a real reload.
  async function refresh(toBuild) {
    try {
      const answer = await fetch(location.href, { cache: "no-store" });
      if (!answer.ok) return reload();
      const next = new DOMParser().parseFromString(await answer.text(), "text/html");
      if (stylesheets(next) !== stylesheets(document)) return reload();
      for (const script of next.querySelectorAll("script")) {
        if ("sitegen" in script.dataset) script.remove();  // this very script: it runs once
      }
      for (const old of document.head.querySelectorAll(':scope > :not(link[rel="stylesheet"])')) old.remove();
      document.head.append(...next.head.querySelectorAll(':scope > :not(link[rel="stylesheet"])'));
      document.body.replaceWith(next.body);
      build = toBuild;
    } catch {
      reload();
    }
  }

  function stylesheets(page) {
    return [...page.querySelectorAll('link[rel="stylesheet"]')].map((l) => l.getAttribute("href")).join(" ");
  }

  function swapStylesheets() {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const next = link.cloneNode();
      const url = new URL(link.href);
      url.searchParams.set("sitegen", String(Date.now()));
      next.href = url.href;
      next.addEventListener("load", () => link.remove());
      link.after(next);
    }
  }

  function showErrors(messages) {
    let box = document.getElementById("sitegen-errors");
    if (!box) {
      box = document.createElement("div");
      box.id = "sitegen-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;z-index:2147483647;" +
        "max-height:60vh;overflow:auto;padding:1rem 1.2rem;border-radius:.6rem;" +
        "background:#2b0d0d;color:#ffe9e9;border:2px solid #ff6b6b;" +
        "font:14px/1.5 ui-monospace,monospace;box-shadow:0 8px 30px rgba(0,0,0,.4)";
      document.body.append(box);
    }
    const title = document.createElement("strong");
    title.textContent = "sitegen: the last save does not build; this is the last good page";
    const list = document.createElement("pre");
    list.style.cssText = "margin:.6rem 0 0;white-space:pre-wrap";
    list.textContent = messages.join("\n");
    box.replaceChildren(title, list);
  }

  function hideErrors() {
    document.getElementById("sitegen-errors")?.remove();
  }

  // What one build means for this page.
  function hear(news) {
    if (news.server !== config.server) return reload();  // a restarted server
    if (news.errors.length) return showErrors(news.errors);
    hideErrors();
    if (news.build <= build) return;
    const mine = news.changed === null || news.changed.includes(config.page);
    if (news.build > build + 1 || mine) return refresh(news.build);
    if (news.css_only) swapStylesheets();
    build = news.build;
  }

  const channel = "BroadcastChannel" in window ? new BroadcastChannel(shared) : null;
  if (channel) channel.onmessage = (event) => hear(event.data);

  let source = null;
  let release = null;
  let waiting = null;

  function listen() {
    const stream = new EventSource(config.events + "?build=" + build);
    source = stream;
    stream.onmessage = (event) => {
      const news = JSON.parse(event.data);
      channel?.postMessage(news);
      hear(news);
    };
    // A lost connection is retried by the browser; a refused one (503: the server holds too
    // many connections) is closed for good: try again while this tab still listens.
    stream.onerror = () => {
      if (stream.readyState === EventSource.CLOSED) setTimeout(() => source === stream && listen(), 1000);
    };
  }

  function lead() {
    if (source || waiting) return;
    if (!navigator.locks || !channel) return listen();  // an old browser: one stream per tab
    waiting = new AbortController();
    navigator.locks
      .request(shared, { signal: waiting.signal }, () => {
        waiting = null;
        listen();
        return new Promise((resolve) => (release = resolve));
      })
      .catch(() => {});  // aborted: the tab was hidden before its turn
  }

  function stepDown() {
    waiting?.abort();
    waiting = null;
    source?.close();
    source = null;
    release?.();
    release = null;
  }

  document.addEventListener("visibilitychange", () => (document.hidden ? stepDown() : lead()));
  addEventListener("pagehide", stepDown);
  if (config.errors.length) showErrors(config.errors);
  if (!document.hidden) lead();
})();
