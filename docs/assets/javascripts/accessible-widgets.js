// Accessible names and keyboard access for what Material builds in the browser, which no
// Markdown or template can reach (axe-core rules, tests/test_accessibility.py):
// - a wide table is wrapped in a scroll box (`.md-typeset__scrollwrap`); when it really scrolls
//   and holds nothing focusable, keyboard users could not scroll it (scrollable-region-focusable),
//   so it becomes focusable; a wide diagram's box likewise;
// - a code annotation's marker is a link whose number is drawn by CSS, so it has no text
//   (link-name): it gets "注释 N" / "Annotation N".
// It runs on every page view (`document$`, Material's page observable), after Material's own
// components are mounted.
;(() => {
  const annotation = document.documentElement.lang.startsWith("zh") ? "注释" : "Annotation"
  const label = () => {
    for (const link of document.querySelectorAll("a.md-annotation__index:not([aria-label])")) {
      const id = link.querySelector("[data-md-annotation-id]")?.dataset.mdAnnotationId ?? ""
      link.setAttribute("aria-label", `${annotation} ${id}`.trim())
    }
    for (const box of document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset .opskb-diagram")) {
      const scrolls = box.scrollWidth > box.clientWidth
      const focusable = box.querySelector("a[href], button, input, [tabindex]:not([tabindex='-1'])")
      if (scrolls && !focusable && !box.hasAttribute("tabindex")) box.tabIndex = 0
    }
  }
  if (typeof document$ !== "undefined") document$.subscribe(() => setTimeout(label))
  else window.addEventListener("load", label)
})()
