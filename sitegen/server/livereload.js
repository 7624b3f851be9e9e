// sitegen serve: reload this page when its output changes, swap stylesheets when only CSS
// changed, and show build errors over the page. Injected by the dev server only.
(() => {
  const config = JSON.parse(document.currentScript.dataset.sitegen);
  const scrollKey = "sitegen:scroll:" + location.pathname;
  let build = config.build;
  let source = null;

  const saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    addEventListener("load", () => scrollTo(0, Number(saved)));
  }

  function reload() {
    sessionStorage.setItem(scrollKey, String(scrollY));
    location.reload();
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

  function connect() {
    if (source) return;
    const query = "?page=" + encodeURIComponent(config.page) + "&build=" + build;
    source = new EventSource(config.events + query);
    source.onmessage = (event) => {
      const news = JSON.parse(event.data);
      if (news.server !== config.server) return reload();  // a restarted server
      if (news.action === "error") return showErrors(news.messages);
      hideErrors();
      if (news.action === "reload") return reload();
      if (news.action === "css") swapStylesheets();
      build = news.build;
    };
  }

  // A hidden tab holds no connection: browsers allow only ~6 per host.
  function disconnect() {
    source?.close();
    source = null;
  }

  document.addEventListener("visibilitychange", () => (document.hidden ? disconnect() : connect()));
  if (config.errors.length) showErrors(config.errors);
  if (!document.hidden) connect();
})();
