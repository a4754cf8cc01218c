// Rewrite the query Material's search reads, so that queries typed the way readers type them
// find what the index holds. Material 9 has no hook for custom query transforms, so the search
// box's `value` getter is overridden: Material (and its highlighting) reads the rewritten query,
// while the box keeps what the reader typed. README.md ("Search") explains the choices.
//
// The index is built by Material's search plugin: Chinese segmented by jieba into words joined
// by U+200B, everything split by the `separator` in mkdocs.yml. The rewrite makes the query
// look like that:
// 1. Words are split where the index splits them, so dashes go: lunr reads `-x` as "must not
//    contain x", and a search for `--dports` found nothing (the index holds `dports`).
// 2. A boundary between Chinese and Latin letters or digits: `忘记root密码` -> `忘记 root 密码`,
//    `双1配置` -> `双 1 配置` (the index has them as separate words; the query had one run).
// 3. Chinese runs are split into words with Intl.Segmenter (in every current browser, offline).
//    Material's worker then splits each word again by the words its index holds, and every word
//    becomes a prefix query, so a word that jieba cut finer or coarser is still found.
// 4. Stop words (question and filler words such as 怎么, 的, "how", "a") are dropped: every word
//    becomes a prefix query in Material, so "a" would match every word starting with "a".
// 5. Synonyms from data/search-synonyms.<lang>.yml (k8s/Kubernetes, 挂了/宕机, ...) are added.
// 6. A Latin word is also searched exactly, with more weight, and its prefix query uses a light
//    stem; a one- or two-digit number is searched only exactly (see `weigh`).
// It also replaces Material's bare "no results" line by a message in the page's language that
// shows what was searched and suggests what to try.
;(() => {
  const input = document.querySelector("input.md-search__input")
  if (!input) return

  const language = (document.documentElement.lang || "en").split("-")[0]
  const vocabulary = (window.__searchVocabulary || {})[language] || { synonyms: [], stopwords: [], messages: null }
  const stopwords = new Set(vocabulary.stopwords.map(word => word.toLowerCase()))
  const segmenter = typeof Intl === "object" && Intl.Segmenter
    ? new Intl.Segmenter("zh", { granularity: "word" })
    : null

  const EXACT_BOOST = 2
  const STOP = "\u0000" // marks a stop word found by the segmenter
  const HAN = /\p{Script=Han}/u
  // Query syntax a reader may type on purpose (+must, wildcard*, fuzzy~1, boost^2, title:word):
  // a word carrying it is passed on untouched. (A leading "-" is not kept: readers type it for
  // options such as --dports, not to exclude pages.)
  const SYNTAX = /^\+|\*$|[~^]\d*$|^(title|text|tags):/
  // Full-width and ASCII punctuation that only separates words.
  const PUNCTUATION = /[，。、；：？！（）《》「」“”‘’,;?!()\[\]{}<>]+/g

  /** Whether `term` occurs in `query` (lower case): Chinese anywhere, Latin as a whole word. */
  function contains(query, term) {
    if (HAN.test(term)) return query.includes(term)
    const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
    const edge = "[^\\p{L}\\p{N}_]|\\p{Script=Han}"
    return new RegExp(`(^|${edge})${escaped}(?=$|${edge})`, "u").test(query)
  }

  /** Words of a Chinese run, as Intl.Segmenter cuts it (the whole run without it); stop words
   *  found by it are marked, to be dropped. ICU's dictionary lacks many technical words and cuts
   *  them into single characters (排查 -> 排 查); Material's worker then turns each into a prefix
   *  (排*), which still finds them. (Joining such characters again scored worse: the worker's
   *  own segmentation of a run never keeps the run's last word; README "Search".) */
  function segmentHan(run) {
    if (!segmenter) return [run]
    return [...segmenter.segment(run)]
      .filter(s => s.isWordLike)
      .map(({ segment }) => (stopwords.has(segment) ? STOP + segment : segment))
  }

  /** The query as words, with boundaries and segmentation applied, stop words not yet dropped. */
  function words(text) {
    const result = []
    for (const part of text.replace(PUNCTUATION, " ").split(/\s+/)) {
      if (!part) continue
      if (SYNTAX.test(part)) {
        result.push(part)
        continue
      }
      // Boundaries between Chinese and anything else, then Chinese runs into words; other runs
      // split where the index splits them (`sync_binlog=1` -> `sync_binlog 1`, `--dports` ->
      // `dports`), keeping `_` (TIME_WAIT) and a dot before a digit (1.35)
      for (const piece of part.split(/(\p{Script=Han}+)/u)) {
        if (!piece) continue
        if (HAN.test(piece)) result.push(...segmentHan(piece))
        else result.push(...piece.split(/[^\p{L}\p{N}_.]+|\.(?!\d)/u).filter(Boolean))
      }
    }
    return result
  }

  function rewrite(text) {
    const query = text.trim()
    if (!query) return query
    const lower = query.toLowerCase()

    // Synonyms of the names found in the query
    const extra = []
    for (const group of vocabulary.synonyms) {
      if (group.some(term => contains(lower, term.toLowerCase())))
        for (const term of group)
          if (!contains(lower, term.toLowerCase()))
            // A Chinese name goes as it is: ICU would cut names it lacks (宕机 -> 宕 机), while
            // Material's worker splits it by the words its index holds.
            extra.push(...(/^\p{Script=Han}+$/u.test(term) ? [term] : words(term)))
    }

    const all = words(query)
    let kept = all.filter(word => SYNTAX.test(word) || !(word[0] === STOP || stopwords.has(word.toLowerCase())))
    if (!kept.length) kept = all.map(word => word.replace(STOP, "")) // only stop words: search for them
    return [...new Set([...kept, ...extra])].map(weigh).join(" ")
  }

  /** Lunr clauses for one word. Material makes every word a prefix query (`ip` -> `ip*`, which
   *  also matches every "iptables"); a Latin word is also searched as itself, with more weight,
   *  and a short number only as itself (`双1` must not find every "1.35" and "100"). A boost
   *  (`^n`) is what keeps Material from adding the `*`. */
  function weigh(word) {
    if (SYNTAX.test(word) || HAN.test(word)) return word
    if (/^\d{1,2}$/.test(word)) return `${word}^${EXACT_BOOST}`
    if (/^[\p{L}\p{N}_.]+$/u.test(word)) return `${word}^${EXACT_BOOST} ${stem(word)}`
    return word
  }

  /** A light English stem, searched as a prefix: the index has no stemmer (it broke English
   *  words, README "Search"), so `containers*` would miss "container" and `deleted*` "delete". */
  function stem(word) {
    const match = /^(?:([a-z]{4,}?)(?:ies|es|ing|ed)|([a-z]{3,}?)s)$/i.exec(word)
    return match && !/ss$/i.test(word) ? match[1] || match[2] : word
  }

  const native = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")
  Object.defineProperty(input, "value", {
    configurable: true,
    get() {
      return rewrite(native.get.call(this))
    },
    set(value) {
      native.set.call(this, value)
    },
  })
  // For tests: the query as Material will read it.
  window.__searchRewrite = rewrite

  // No result: say what was searched and what to try, in the page's language.
  const meta = document.querySelector(".md-search-result__meta")
  const list = document.querySelector(".md-search-result__list")
  if (!meta || !list || !vocabulary.messages) return
  const config = JSON.parse(document.getElementById("__config")?.textContent || "{}")
  const noneText = (config.translations || {})["search.result.none"]
  const explain = () => {
    const typed = native.get.call(input).trim()
    // Material writes its "no matching documents" line once the search has answered.
    if (!typed || list.children.length || meta.textContent.trim() !== noneText) return
    const none = document.createElement("span")
    none.className = "kb-search-none"
    none.textContent = vocabulary.messages.none.replace("{query}", typed)
    const hint = document.createElement("span")
    hint.className = "kb-search-hint"
    hint.textContent = vocabulary.messages.hint
    meta.replaceChildren(none, document.createElement("br"), hint)
  }
  new MutationObserver(explain).observe(meta, { childList: true, characterData: true, subtree: true })
})()
