// Interview practice: turns the practice page's list of questions (the opskb/content plugin) into
// one question at a time, with reveal, known / not known, previous / next, a chapter filter,
// shuffle and keyboard shortcuts. Progress is kept in localStorage per language.
// Without JavaScript (or on any other page) nothing changes: the page stays a plain list.
;(() => {
  const root = document.querySelector(".opskb-practice")
  // The PDF's print page holds the practice page too: there it stays the plain list.
  if (!root || root.closest("#print-site-page")) return

  const lang = (document.documentElement.lang || "zh").toLowerCase().startsWith("en") ? "en" : "zh"
  const T = {
    zh: {
      toolbar: "练习设置", chapter: "章节", all: "全部章节", shuffle: "打乱顺序", order: "恢复顺序",
      reset: "重置进度", resetConfirm: "清空本语言的全部练习进度？", reveal: "显示答案", hide: "隐藏答案",
      known: "会", unknown: "不会", prev: "上一题", next: "下一题",
      counter: (i, n) => `第 ${i} 题，共 ${n} 题`,
      stats: (k, u, r) => `会：${k} · 不会：${u} · 未练：${r}`,
      status: { known: "已标记：会", unknown: "已标记：不会", "": "未标记" },
      keys: "快捷键：空格显示答案，← / → 上一题 / 下一题，K 会，U 不会",
    },
    en: {
      toolbar: "Practice settings", chapter: "Chapter", all: "All chapters", shuffle: "Shuffle", order: "Original order",
      reset: "Reset progress", resetConfirm: "Clear all practice progress for this language?", reveal: "Reveal answer",
      hide: "Hide answer", known: "Known", unknown: "Not known", prev: "Previous", next: "Next",
      counter: (i, n) => `Question ${i} of ${n}`,
      stats: (k, u, r) => `Known: ${k} · Not known: ${u} · Remaining: ${r}`,
      status: { known: "Marked: known", unknown: "Marked: not known", "": "Not marked" },
      keys: "Shortcuts: Space reveals, ← / → previous / next, K known, U not known",
    },
  }[lang]

  // One key per language: the zh and en pages hold different question texts and ids.
  const storageKey = `ops-kb.practice.${lang}`
  const load = () => {
    try {
      return JSON.parse(localStorage.getItem(storageKey)) || {}
    } catch {
      return {}
    }
  }
  let progress = load()
  const save = () => localStorage.setItem(storageKey, JSON.stringify(progress))

  const questions = [...root.querySelectorAll(".opskb-practice-question")].map((el) => ({
    el,
    id: el.dataset.id,
    chapter: el.closest(".opskb-practice-chapter").dataset.chapter,
    details: el.querySelector("details"),
  }))
  const chapters = [...root.querySelectorAll(".opskb-practice-chapter")].map((el) => [el.dataset.chapter, el.dataset.chapterTitle])

  const make = (tag, props = {}, children = []) => {
    const el = Object.assign(document.createElement(tag), props)
    el.append(...children)
    return el
  }
  const button = (text, className, onClick) =>
    make("button", { type: "button", className: `md-button ${className}`, textContent: text, onclick: onClick })

  // Controls, in the order a keyboard user tabs through them.
  const select = make("select", { id: "opskb-practice-chapter", className: "opskb-practice-select" }, [
    make("option", { value: "", textContent: T.all }),
    ...chapters.map(([id, title]) => make("option", { value: id, textContent: title })),
  ])
  const shuffleButton = button(T.shuffle, "opskb-practice-shuffle", () => (shuffled ? order() : shuffle()))
  const resetButton = button(T.reset, "opskb-practice-reset", () => {
    if (!window.confirm(T.resetConfirm)) return
    progress = {}
    localStorage.removeItem(storageKey)
    render()
  })
  const counter = make("p", { className: "opskb-practice-counter" })
  counter.setAttribute("aria-live", "polite")
  const stats = make("p", { className: "opskb-practice-stats" })
  const status = make("p", { className: "opskb-practice-status" })
  const revealButton = button(T.reveal, "md-button--primary opskb-practice-reveal", () => toggleAnswer())
  const knownButton = button(T.known, "opskb-practice-known", () => mark("known"))
  const unknownButton = button(T.unknown, "opskb-practice-unknown", () => mark("unknown"))
  const prevButton = button(T.prev, "opskb-practice-prev", () => go(-1))
  const nextButton = button(T.next, "opskb-practice-next", () => go(1))

  const toolbar = make("div", { className: "opskb-practice-toolbar" }, [
    make("label", { htmlFor: "opskb-practice-chapter", textContent: `${T.chapter} ` }),
    select, shuffleButton, resetButton,
  ])
  toolbar.setAttribute("role", "group")
  toolbar.setAttribute("aria-label", T.toolbar)
  const actions = make("div", { className: "opskb-practice-actions" }, [revealButton, knownButton, unknownButton, prevButton, nextButton])
  const panel = make("div", { className: "opskb-practice-panel" }, [
    toolbar, counter, stats, status, make("p", { className: "opskb-practice-keys", textContent: T.keys }),
  ])
  root.before(panel)
  root.after(actions)
  root.classList.add("opskb-practice--active")

  let deck = []
  let index = 0
  let shuffled = false

  const current = () => deck[index]

  function build() {
    deck = questions.filter((q) => !select.value || q.chapter === select.value)
    index = 0
    shuffled = false
    shuffleButton.textContent = T.shuffle
  }

  function shuffle() {
    for (let i = deck.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1))
      ;[deck[i], deck[j]] = [deck[j], deck[i]]
    }
    index = 0
    shuffled = true
    shuffleButton.textContent = T.order
    render()
  }

  function order() {
    build()
    render()
  }

  function render() {
    const q = current()
    for (const other of questions) {
      const shown = other === q
      other.el.hidden = !shown
      if (!shown && other.details) other.details.open = false
    }
    root.querySelectorAll(".opskb-practice-chapter").forEach((section) => {
      section.hidden = !q || section.dataset.chapter !== q.chapter
    })
    counter.textContent = deck.length ? T.counter(index + 1, deck.length) : T.counter(0, 0)
    const known = deck.filter((d) => progress[d.id] === "known").length
    const unknown = deck.filter((d) => progress[d.id] === "unknown").length
    stats.textContent = T.stats(known, unknown, deck.length - known - unknown)
    status.textContent = q ? T.status[progress[q.id] || ""] : ""
    if (q) q.el.dataset.state = progress[q.id] || ""
    const open = Boolean(q && q.details && q.details.open)
    revealButton.textContent = open ? T.hide : T.reveal
    revealButton.setAttribute("aria-expanded", String(open))
    prevButton.disabled = index <= 0
    nextButton.disabled = index >= deck.length - 1
  }

  function toggleAnswer(force) {
    const q = current()
    if (!q || !q.details) return
    q.details.open = force ?? !q.details.open
    render()
  }

  function mark(state) {
    const q = current()
    if (!q) return
    progress[q.id] = state
    save()
    if (index < deck.length - 1) index++
    render()
  }

  function go(step) {
    index = Math.min(Math.max(index + step, 0), Math.max(deck.length - 1, 0))
    render()
  }

  select.addEventListener("change", () => {
    build()
    render()
  })
  // Opening the answer with the summary itself keeps the reveal button in step.
  questions.forEach((q) => q.details && q.details.addEventListener("toggle", () => q === current() && render()))

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return
    const target = event.target
    // Never while typing (the search box, the chapter select) or in editable content.
    if (target instanceof Element && target.closest("input, textarea, select, [contenteditable]")) return
    // Space on a focused button or summary activates it; do not answer it twice.
    if (event.key === " " && target instanceof Element && target.closest("button, summary, a")) return
    const actionsByKey = {
      " ": () => toggleAnswer(),
      ArrowLeft: () => go(-1),
      ArrowRight: () => go(1),
      k: () => mark("known"),
      u: () => mark("unknown"),
    }
    const action = actionsByKey[event.key.length === 1 ? event.key.toLowerCase() : event.key]
    if (!action) return
    event.preventDefault()
    action()
  })

  build()
  render()
})()
