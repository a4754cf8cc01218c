// Keep the reader's section when switching language.
// The i18n plugin already points each language link at the same page in the other language;
// headings carry the same explicit ids in both languages, so the #fragment can be carried over.
// Material's own handler (on document.body) would re-resolve the link through sitemap.xml
// and drop the fragment, so this one runs first and stops the event there.
document.addEventListener(
  "click",
  (event) => {
    if (!(event.target instanceof Element)) return
    const link = event.target.closest("a.md-select__link[hreflang]")
    if (!link || event.metaKey || event.ctrlKey) return
    const url = new URL(link.href)
    url.hash = window.location.hash
    link.href = url.href
    event.stopPropagation()
  },
  true
)
