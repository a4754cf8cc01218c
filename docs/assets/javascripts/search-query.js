// Let readers search for command-line options such as `--dports` or `-j`.
// Material hands the query to lunr, which reads a leading "-" as "must not contain": a search
// for `--dports` then excludes every page that mentions it and finds nothing. Leading dashes
// are stripped from each term of the query Material reads, while the box keeps what the
// reader typed. (The index splits on "-" anyway, so `--dports` is indexed as `dports`.)
;(() => {
  const input = document.querySelector("input.md-search__input")
  if (!input) return
  const native = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")
  Object.defineProperty(input, "value", {
    configurable: true,
    get() {
      return native.get.call(this).replace(/(^|\s)-+(?=[^\s-])/g, "$1")
    },
    set(value) {
      native.set.call(this, value)
    },
  })
})()
