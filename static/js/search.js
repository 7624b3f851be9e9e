// Pagefind's search box, reading the index under the site's base path. The index is one
// bundle per language and year (listed in bundles.json): the box searches every bundle of the
// language Pagefind would pick in one whole index (the page's <html lang>, else its first
// subtag, else the language with the most pages), so it finds what one index would. Pagefind
// picks the interface's words from <html lang>; the page's heading names the field.
window.addEventListener("DOMContentLoaded", async () => {
  const box = document.getElementById("search");
  if (!box || !window.PagefindUI) return;
  const root = box.dataset.bundle;
  const { bundles } = await (await fetch(`${root}bundles.json`)).json();
  const page = (document.documentElement.getAttribute("lang") || "unknown").toLowerCase();
  const pages = {};
  for (const bundle of bundles) {
    for (const [lang, count] of Object.entries(bundle.languages)) {
      pages[lang] = (pages[lang] || 0) + count;
    }
  }
  const language = pick(pages, page);
  const searched = bundles.filter((bundle) => Object.hasOwn(bundle.languages, language));
  // The first bundle reads the page's language itself: it must land on the same one.
  const first = searched.find((bundle) => pick(bundle.languages, page) === language);
  const merged = searched
    .filter((bundle) => bundle !== first)
    .map((bundle) => ({ bundlePath: root + bundle.path, language }));
  new window.PagefindUI({
    element: box,
    bundlePath: root + first.path,
    mergeIndex: merged,
    showImages: false,
  });
  box.querySelector("input")?.setAttribute("aria-labelledby", box.dataset.label);
});

// Pagefind's own choice among an index's languages (by page count, ties in name order).
function pick(languages, page) {
  if (Object.hasOwn(languages, page)) return page;
  const main = page.split("-")[0];
  if (Object.hasOwn(languages, main)) return main;
  const names = Object.keys(languages).sort();
  return names.sort((a, b) => languages[b] - languages[a])[0];
}
