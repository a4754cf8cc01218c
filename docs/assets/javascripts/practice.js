// Interview practice with spaced repetition: turns the practice page's list of questions (the
// opskb/content plugin) into one question at a time, scheduled by FSRS (ts-fsrs, vendored and
// loaded before this script on this page only). The reader rates each answer Again / Hard / Good /
// Easy; the card's next due time is stored in localStorage per language. A queue (due / new / all),
// chapter, tag and level filters, shuffle, a forecast of the coming days, counts per chapter,
// export and import of the progress as JSON. Without JavaScript (or on any other page) nothing
// changes: the page stays a plain list. design/libraries.md says what ts-fsrs does and what this
// script does around it.
;(() => {
  const root = document.querySelector(".opskb-practice")
  // The PDF's print page holds the practice page too: there it stays the plain list.
  if (!root || root.closest("#print-site-page")) return
  const FSRS = window.FSRS
  if (!FSRS) return

  const lang = (document.documentElement.lang || "zh").toLowerCase().startsWith("en") ? "en" : "zh"
  const T = {
    zh: {
      settings: "练习设置", queue: "队列", queues: { due: "到期", new: "新题", all: "全部" },
      chapter: "章节", allChapters: "全部章节", tag: "标签", allTags: "全部标签", level: "难度", allLevels: "全部难度",
      shuffle: "打乱顺序", order: "恢复顺序", reveal: "显示答案", hide: "隐藏答案", prev: "上一题", next: "下一题",
      ratings: ["重来", "困难", "良好", "简单"], rate: "评分",
      counter: (i, n) => `第 ${i} 题，共 ${n} 题`,
      stats: (due, fresh, learned, total) => `到期：${due} · 新题：${fresh} · 已学：${learned} / ${total}`,
      card: { 0: "新题", 1: "学习中", 2: "复习", 3: "重新学习" },
      dueAt: (when) => `下次：${when}`,
      empty: "这个队列里现在没有题。",
      emptyNext: (when) => `这个队列里现在没有题；下一道到期的题在 ${when}。`,
      keys: "快捷键：空格显示答案，1–4 评分（显示答案后），← / → 上一题 / 下一题",
      today: "今天", tomorrow: "明天", overdue: "（含已过期）",
      forecastText: (parts) => `今后 7 天到期的题数：${parts.join("，")}。`,
      byChapter: "各章进度", learned: "已学", due: "到期", fresh: "新题",
      progress: "进度", export: "导出进度", import: "导入进度（JSON 文件）", reset: "重置进度",
      resetConfirm: "清空本语言的全部练习进度？",
      imported: (added, updated, kept) => `已导入：新增 ${added} 道，更新 ${updated} 道，保留本机较新的 ${kept} 道。`,
      notJson: "无法导入：文件不是有效的 JSON。进度没有改变。",
      wrongShape: (why) => `无法导入：这不是本站导出的练习进度文件（${why}）。进度没有改变。`,
      wrongVersion: (v) => `无法导入：文件格式版本 ${v} 无法识别（本页支持版本 1），可能来自更新的网站版本。进度没有改变。`,
      wrongLanguage: (other) => `无法导入：这是${other === "en" ? "英文" : "中文"}页面的进度文件，请在该语言的练习页导入。进度没有改变。`,
      unreadable: "无法导入：读不出这个文件。进度没有改变。",
      storageFailed: "无法在本浏览器保存进度（存储已满或被禁用）：本次访问仍可练习，但关闭页面后进度会丢失，可先导出进度。",
      migrated: (n) => `已把旧版“会 / 不会”标记转为 ${n} 道题的复习计划。`,
      shape: { format: "format 不是 ops-kb-practice", cards: "缺少 cards", card: (id) => `题目 ${id} 的数据不完整` },
      units: { m: "分钟", h: "小时", d: "天", mo: "个月", y: "年" }, unitSep: " ",
      weekdays: ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
    },
    en: {
      settings: "Practice settings", queue: "Queue", queues: { due: "Due", new: "New", all: "All" },
      chapter: "Chapter", allChapters: "All chapters", tag: "Tag", allTags: "All tags", level: "Level", allLevels: "All levels",
      shuffle: "Shuffle", order: "Original order", reveal: "Reveal answer", hide: "Hide answer", prev: "Previous", next: "Next",
      ratings: ["Again", "Hard", "Good", "Easy"], rate: "Rate",
      counter: (i, n) => `Question ${i} of ${n}`,
      stats: (due, fresh, learned, total) => `Due: ${due} · New: ${fresh} · Learned: ${learned} of ${total}`,
      card: { 0: "New", 1: "Learning", 2: "Review", 3: "Relearning" },
      dueAt: (when) => `Next: ${when}`,
      empty: "No questions in this queue right now.",
      emptyNext: (when) => `No questions in this queue right now; the next one is due ${when}.`,
      keys: "Shortcuts: Space reveals the answer, 1–4 rate it (once shown), ← / → previous / next",
      today: "Today", tomorrow: "Tomorrow", overdue: " (overdue included)",
      forecastText: (parts) => `Questions due in the next 7 days: ${parts.join(", ")}.`,
      byChapter: "Progress by chapter", learned: "Learned", due: "Due", fresh: "New",
      progress: "Progress", export: "Export progress", import: "Import progress (JSON file)", reset: "Reset progress",
      resetConfirm: "Clear all practice progress for this language?",
      imported: (added, updated, kept) => `Imported: ${added} added, ${updated} updated, ${kept} kept (newer here).`,
      notJson: "Cannot import: the file is not valid JSON. Your progress is unchanged.",
      wrongShape: (why) => `Cannot import: this is not a practice progress file exported by this site (${why}). Your progress is unchanged.`,
      wrongVersion: (v) => `Cannot import: file format version ${v} is unknown (this page reads version 1); it may come from a newer version of the site. Your progress is unchanged.`,
      wrongLanguage: (other) => `Cannot import: this file holds the ${other === "zh" ? "Chinese" : "English"} page's progress; import it on that language's practice page. Your progress is unchanged.`,
      unreadable: "Cannot import: the file could not be read. Your progress is unchanged.",
      storageFailed: "Progress cannot be saved in this browser (storage full or disabled): you can practise during this visit, but progress is lost when you leave; export it first.",
      migrated: (n) => `Your earlier known / not known marks became review schedules for ${n} questions.`,
      shape: { format: "format is not ops-kb-practice", cards: "no cards", card: (id) => `the data of ${id} is incomplete` },
      units: { m: "min", h: "h", d: "d", mo: "mo", y: "y" }, unitSep: " ",
      weekdays: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
      months: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    },
  }[lang]

  // --- Scheduling -----------------------------------------------------------------------------
  // ts-fsrs computes the memory state (FSRS-6, default weights) and the day intervals. The steps
  // around it follow the Python reference (fsrs 6.3.2, Scheduler.review_card), which ts-fsrs's own
  // scheduler does not in three places: elapsed time in whole 24-hour days (not calendar days),
  // Hard on a later learning step repeats that step, and no Hard < Good < Easy spreading of review
  // intervals. design/libraries.md has the details; tests/test_practice.py compares the two.
  const MINUTE = 60 * 1000
  const DAY = 24 * 60 * MINUTE
  const LEARNING_STEPS = [1, 10] // minutes
  const RELEARNING_STEPS = [10]
  const NEW = 0, LEARNING = 1, REVIEW = 2, RELEARNING = 3
  const algorithm = new FSRS.FSRSAlgorithm(
    FSRS.generatorParameters({
      request_retention: 0.9,
      maximum_interval: 36500,
      enable_fuzz: false,
      enable_short_term: true,
      learning_steps: LEARNING_STEPS.map((m) => `${m}m`),
      relearning_steps: RELEARNING_STEPS.map((m) => `${m}m`),
    }),
  )

  // The card after rating it 1-4 at `now` (ms); `card` is a stored card or undefined (never rated).
  function review(card, now, rating) {
    const reviewed = card && card.state !== NEW && card.last_review
    const last = reviewed ? Date.parse(card.last_review) : null
    const days = reviewed ? Math.floor((now - last) / DAY) : 0
    const memory = reviewed
      ? algorithm.next_state({ stability: card.stability, difficulty: card.difficulty }, days < 1 ? 0 : days, rating)
      : algorithm.next_state(null, 0, rating)
    let state = reviewed ? card.state : LEARNING
    let step = reviewed ? card.learning_steps || 0 : 0
    let lapses = card ? card.lapses || 0 : 0
    let minutes = null
    const toReview = () => {
      state = REVIEW
      step = 0
    }
    if (state === REVIEW) {
      if (rating === 1) {
        state = RELEARNING
        step = 0
        lapses += 1
        minutes = RELEARNING_STEPS[0]
      }
    } else {
      const steps = state === RELEARNING ? RELEARNING_STEPS : LEARNING_STEPS
      if (step >= steps.length && rating > 1) toReview()
      else if (rating === 1) {
        step = 0
        minutes = steps[0]
      } else if (rating === 2) {
        if (step === 0) minutes = steps.length === 1 ? steps[0] * 1.5 : (steps[0] + steps[1]) / 2
        else minutes = steps[step]
      } else if (rating === 3 && step + 1 < steps.length) {
        step += 1
        minutes = steps[step]
      } else toReview()
    }
    const interval = minutes === null ? algorithm.next_interval(memory.stability, days) : 0
    const due = now + (minutes === null ? interval * DAY : minutes * MINUTE)
    return {
      due: new Date(due).toISOString(),
      stability: memory.stability,
      difficulty: memory.difficulty,
      elapsed_days: reviewed ? Math.max(days, 0) : 0,
      scheduled_days: interval,
      learning_steps: step,
      reps: (card ? card.reps || 0 : 0) + 1,
      lapses,
      state,
      last_review: new Date(now).toISOString(),
    }
  }

  // --- Storage --------------------------------------------------------------------------------
  const storageKey = `ops-kb.practice.v2.${lang}`
  let storage = null
  try {
    storage = window.localStorage
  } catch {
    storage = null
  }
  const read = (key) => {
    try {
      return storage ? storage.getItem(key) : null
    } catch {
      return null
    }
  }
  let storageFailed = false
  function save() {
    try {
      if (!storage) throw new Error("no localStorage")
      storage.setItem(storageKey, JSON.stringify({ version: 2, cards }))
      storageFailed = false
    } catch {
      if (!storageFailed) say(T.storageFailed)
      storageFailed = true
    }
  }

  const time = (iso) => {
    const t = Date.parse(iso)
    return Number.isFinite(t) ? t : -Infinity
  }
  const isCard = (card) =>
    card !== null &&
    typeof card === "object" &&
    Number.isFinite(Date.parse(card.due)) &&
    (card.last_review == null || Number.isFinite(Date.parse(card.last_review))) &&
    ["stability", "difficulty", "elapsed_days", "scheduled_days", "learning_steps", "reps", "lapses"].every((k) =>
      Number.isFinite(card[k]),
    ) &&
    [NEW, LEARNING, REVIEW, RELEARNING].includes(card.state) &&
    (card.state === NEW || (card.stability > 0 && card.difficulty >= 1))
  const fields = (card) => ({
    due: new Date(Date.parse(card.due)).toISOString(),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: card.elapsed_days,
    scheduled_days: card.scheduled_days,
    learning_steps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    last_review: card.last_review == null ? null : new Date(Date.parse(card.last_review)).toISOString(),
  })

  // Renamed questions (data/practice-questions.yml): progress moves to the new id; the later
  // review wins when both exist.
  const renamed = JSON.parse(root.dataset.renamed || "{}")
  const currentId = (id) => renamed[id] || id
  function mergeCard(into, id, card) {
    const target = currentId(id)
    const existing = into[target]
    if (existing && time(existing.last_review) >= time(card.last_review)) return "kept"
    into[target] = card
    return existing ? "updated" : "added"
  }

  let cards = {}
  const stored = read(storageKey)
  let dirty = false
  if (stored !== null) {
    try {
      const data = JSON.parse(stored)
      if (data && typeof data.cards === "object" && data.cards !== null) {
        for (const [id, card] of Object.entries(data.cards)) {
          if (!isCard(card)) continue
          if (renamed[id]) dirty = true
          mergeCard(cards, id, card)
        }
      }
    } catch {
      cards = {}
    }
  }

  // --- The questions (read from the page without laying anything out) ------------------------
  const questions = [...root.querySelectorAll(".opskb-practice-question")].map((el) => ({
    el,
    id: el.dataset.id,
    section: el.closest(".opskb-practice-chapter"),
    level: el.dataset.level,
    tags: (el.dataset.tags || "").split(" ").filter(Boolean),
  }))
  for (const q of questions) q.chapter = q.section.dataset.chapter
  const chapters = [...root.querySelectorAll(".opskb-practice-chapter")].map((el) => [el.dataset.chapter, el.dataset.chapterTitle])
  const tagLabels = JSON.parse(root.dataset.tagLabels || "{}")
  const levelLabels = JSON.parse(root.dataset.levelLabels || "{}")

  // The first version's marks ("known" / "unknown" under the old key and ids) become FSRS cards
  // once, when this language has no progress in the new format yet: known as Easy, not known as
  // Again, reviewed now. The old key is left as it was.
  let migratedCount = 0
  if (stored === null) {
    const legacyKey = root.dataset.legacy || `ops-kb.practice.${lang}`
    let legacy = null
    try {
      legacy = JSON.parse(read(legacyKey))
    } catch {
      legacy = null
    }
    if (legacy && typeof legacy === "object") {
      const now = Date.now()
      for (const q of questions) {
        const mark = legacy[q.el.dataset.legacyId]
        if (mark !== "known" && mark !== "unknown") continue
        cards[q.id] = review(undefined, now, mark === "known" ? 4 : 1)
        migratedCount += 1
      }
      if (migratedCount) dirty = true
    }
  }

  // --- The interface --------------------------------------------------------------------------
  const make = (tag, props = {}, children = []) => {
    const el = Object.assign(document.createElement(tag), props)
    el.append(...children)
    return el
  }
  const button = (text, className, onClick) =>
    make("button", { type: "button", className: `md-button ${className}`, textContent: text, onclick: onClick })
  const option = (value, text) => make("option", { value, textContent: text })
  const labelled = (text, control) => make("label", { className: "opskb-practice-field" }, [make("span", { textContent: text }), control])

  const queueSelect = make("select", { className: "opskb-practice-select opskb-practice-queue" },
    ["due", "new", "all"].map((q) => option(q, T.queues[q])))
  const chapterSelect = make("select", { className: "opskb-practice-select opskb-practice-chapter-filter" }, [
    option("", T.allChapters),
    ...chapters.map(([id, title]) => option(id, title)),
  ])
  const tagSelect = make("select", { className: "opskb-practice-select opskb-practice-tag-filter" })
  const levelSelect = make("select", { className: "opskb-practice-select opskb-practice-level-filter" }, [
    option("", T.allLevels),
    ...Object.entries(levelLabels).map(([id, label]) => option(id, label)),
  ])
  const shuffleButton = button(T.shuffle, "opskb-practice-shuffle", () => (shuffled ? order() : shuffle()))
  const counter = make("p", { className: "opskb-practice-counter" })
  counter.setAttribute("aria-live", "polite")
  const stats = make("p", { className: "opskb-practice-stats" })
  const message = make("p", { className: "opskb-practice-message" })
  message.setAttribute("role", "status")
  const toolbar = make("div", { className: "opskb-practice-toolbar" }, [
    labelled(T.queue, queueSelect),
    labelled(T.chapter, chapterSelect),
    labelled(T.tag, tagSelect),
    labelled(T.level, levelSelect),
    shuffleButton,
  ])
  toolbar.setAttribute("role", "group")
  toolbar.setAttribute("aria-label", T.settings)
  const panel = make("div", { className: "opskb-practice-panel" }, [
    toolbar, counter, stats, message, make("p", { className: "opskb-practice-keys", textContent: T.keys }),
  ])

  const status = make("p", { className: "opskb-practice-status" })
  const empty = make("p", { className: "opskb-practice-empty", hidden: true })
  const revealButton = button(T.reveal, "md-button--primary opskb-practice-reveal", () => toggleAnswer())
  const rateButtons = T.ratings.map((name, i) => {
    const b = button("", `opskb-rate opskb-rate-${i + 1}`, () => rate(i + 1))
    b.dataset.rating = String(i + 1)
    b.append(make("span", { className: "opskb-rate-name", textContent: name }), make("span", { className: "opskb-rate-interval" }))
    return b
  })
  const rateGroup = make("div", { className: "opskb-practice-rates" }, rateButtons)
  rateGroup.setAttribute("role", "group")
  rateGroup.setAttribute("aria-label", T.rate)
  const prevButton = button(T.prev, "opskb-practice-prev", () => go(-1))
  const nextButton = button(T.next, "opskb-practice-next", () => go(1))
  const actions = make("div", { className: "opskb-practice-actions" }, [
    status, empty, make("div", { className: "opskb-practice-buttons" }, [revealButton, rateGroup, prevButton, nextButton]),
  ])

  const forecastCaption = make("figcaption", { className: "opskb-practice-forecast-text" })
  const forecastChart = make("div", { className: "opskb-practice-chart" })
  const forecast = make("figure", { className: "opskb-practice-forecast" }, [forecastChart, forecastCaption])
  const chapterRows = new Map()
  const chapterTable = make("table", {}, [
    make("thead", {}, [make("tr", {}, [T.chapter, T.learned, T.due, T.fresh].map((h) => {
      const th = make("th", { textContent: h })
      th.scope = "col"
      return th
    }))]),
    make("tbody", {}, chapters.map(([id, title]) => {
      const th = make("th", { textContent: title })
      th.scope = "row"
      const cells = [make("td"), make("td"), make("td")]
      chapterRows.set(id, cells)
      return make("tr", {}, [th, ...cells])
    })),
  ])
  const byChapter = make("details", { className: "opskb-practice-by-chapter" }, [make("summary", { textContent: T.byChapter }), chapterTable])
  const importInput = make("input", { type: "file", className: "opskb-practice-import", accept: "application/json,.json" })
  const importLabel = make("label", { className: "md-button opskb-practice-import-label" }, [make("span", { textContent: T.import }), importInput])
  const exportButton = button(T.export, "opskb-practice-export", () => exportProgress())
  const resetButton = button(T.reset, "opskb-practice-reset", () => {
    if (!window.confirm(T.resetConfirm)) return
    cards = {}
    try {
      if (storage) storage.removeItem(storageKey)
    } catch {
      // nothing stored to clear
    }
    build()
    render()
  })
  const progress = make("section", { className: "opskb-practice-progress" }, [
    forecast, byChapter, make("div", { className: "opskb-practice-transfer" }, [exportButton, importLabel, resetButton]),
  ])
  progress.setAttribute("aria-label", T.progress)

  // --- State and rendering ----------------------------------------------------------------------
  let deck = []
  let index = 0
  let shuffled = false
  let shown = null // the question on screen

  const current = () => deck[index]
  const dueTime = (q) => (cards[q.id] ? time(cards[q.id].due) : null)

  function fillTags() {
    const chapter = chapterSelect.value
    const keep = tagSelect.value
    const tags = []
    for (const q of questions) if (!chapter || q.chapter === chapter) for (const t of q.tags) if (!tags.includes(t)) tags.push(t)
    tagSelect.replaceChildren(option("", T.allTags), ...tags.map((t) => option(t, tagLabels[t] || t)))
    tagSelect.value = tags.includes(keep) ? keep : ""
  }

  function build() {
    const now = Date.now()
    const chapter = chapterSelect.value, tag = tagSelect.value, level = levelSelect.value
    const chosen = questions.filter((q) => (!chapter || q.chapter === chapter) && (!tag || q.tags.includes(tag)) && (!level || q.level === level))
    if (queueSelect.value === "new") deck = chosen.filter((q) => !cards[q.id])
    else if (queueSelect.value === "due") {
      // Reviews that are due, the longest overdue first, then the questions never rated.
      const due = chosen.filter((q) => cards[q.id] && dueTime(q) <= now).sort((a, b) => dueTime(a) - dueTime(b))
      deck = [...due, ...chosen.filter((q) => !cards[q.id])]
    } else deck = chosen
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

  const formatInterval = (ms) => {
    const minutes = ms / MINUTE
    const [n, unit] =
      minutes < 60 ? [Math.max(1, Math.round(minutes)), "m"]
      : minutes < 24 * 60 ? [Math.round(minutes / 60), "h"]
      : ms < 31 * DAY ? [Math.round(ms / DAY), "d"]
      : ms < 365 * DAY ? [Math.round(ms / (30 * DAY)), "mo"]
      : [Math.round((ms / (365 * DAY)) * 10) / 10, "y"]
    return `${n}${T.unitSep}${T.units[unit]}`
  }
  // Dates by hand: the first Intl formatter of a page costs more start-up time than all the rest.
  const pad = (n) => String(n).padStart(2, "0")
  const formatWhen = (t) => {
    const d = new Date(t)
    const clock = `${pad(d.getHours())}:${pad(d.getMinutes())}`
    return lang === "zh" ? `${d.getMonth() + 1}月${d.getDate()}日 ${clock}` : `${T.months[d.getMonth()]} ${d.getDate()}, ${clock}`
  }

  function renderQuestion(q) {
    if (shown && shown !== q) {
      shown.el.classList.remove("opskb-practice-current")
      shown.section.classList.remove("opskb-practice-current")
      const details = shown.el.querySelector("details")
      if (details) details.open = false
    }
    if (q) {
      q.el.classList.add("opskb-practice-current")
      q.section.classList.add("opskb-practice-current")
    }
    shown = q || null
  }

  function render() {
    const now = Date.now()
    const q = current()
    renderQuestion(q)
    counter.textContent = T.counter(deck.length ? index + 1 : 0, deck.length)
    const details = q && q.el.querySelector("details")
    const open = Boolean(details && details.open)
    revealButton.textContent = open ? T.hide : T.reveal
    revealButton.setAttribute("aria-expanded", String(open))
    revealButton.hidden = !q
    rateGroup.hidden = !q
    if (q) {
      const card = cards[q.id]
      rateButtons.forEach((b, i) => {
        const next = review(card, now, i + 1)
        b.querySelector(".opskb-rate-interval").textContent = formatInterval(time(next.due) - now)
      })
      status.textContent = card ? `${T.card[card.state]} · ${T.dueAt(formatWhen(time(card.due)))}` : T.card[NEW]
    } else status.textContent = ""
    empty.hidden = Boolean(q)
    if (!q) {
      const upcoming = questions.map(dueTime).filter((t) => t !== null && t > now)
      empty.textContent = upcoming.length ? T.emptyNext(formatWhen(Math.min(...upcoming))) : T.empty
    }
    prevButton.disabled = index <= 0
    nextButton.disabled = index >= deck.length - 1
    renderProgress(now)
  }

  function renderProgress(now) {
    let due = 0, learned = 0
    const perChapter = new Map(chapters.map(([id]) => [id, [0, 0, 0]]))
    for (const q of questions) {
      const counts = perChapter.get(q.chapter)
      const card = cards[q.id]
      if (!card) counts[2] += 1
      else {
        learned += 1
        counts[0] += 1
        if (time(card.due) <= now) {
          due += 1
          counts[1] += 1
        }
      }
    }
    stats.textContent = T.stats(due, questions.length - learned, learned, questions.length)
    for (const [id, cells] of chapterRows) perChapter.get(id).forEach((n, i) => (cells[i].textContent = String(n)))
    renderForecast(now)
  }

  // Due cards per calendar day, today (overdue included) and the six days after it.
  function renderForecast(now) {
    const start = new Date(now)
    start.setHours(0, 0, 0, 0)
    const ends = Array.from({ length: 7 }, (_, i) => {
      const end = new Date(start)
      end.setDate(end.getDate() + i + 1)
      return end.getTime()
    })
    const counts = new Array(7).fill(0)
    for (const q of questions) {
      const t = dueTime(q)
      if (t === null) continue
      const day = ends.findIndex((end) => t < end)
      if (day >= 0) counts[day] += 1
    }
    const names = ends.map((end, i) =>
      i === 0 ? T.today : i === 1 ? T.tomorrow : T.weekdays[new Date(end - DAY).getDay()],
    )
    const max = Math.max(1, ...counts)
    const width = 40, gap = 12, height = 80, top = 18, bottom = 20
    const bars = counts.map((n, i) => {
      const h = Math.round((n / max) * height)
      const x = i * (width + gap)
      const y = top + height - h
      return `<rect class="opskb-practice-bar" x="${x}" y="${y}" width="${width}" height="${Math.max(h, 1)}" rx="2"></rect>` +
        `<text x="${x + width / 2}" y="${y - 4}" text-anchor="middle">${n}</text>` +
        `<text x="${x + width / 2}" y="${top + height + 15}" text-anchor="middle">${names[i]}</text>`
    })
    forecastChart.innerHTML =
      `<svg viewBox="0 0 ${7 * (width + gap) - gap} ${top + height + bottom}" aria-hidden="true" focusable="false">${bars.join("")}</svg>`
    forecastCaption.textContent = T.forecastText(counts.map((n, i) => `${names[i]}${i === 0 ? T.overdue : ""} ${n}`))
  }

  function toggleAnswer(force) {
    const q = current()
    const details = q && q.el.querySelector("details")
    if (!details) return
    details.open = force ?? !details.open
    render()
  }

  function rate(rating) {
    const q = current()
    if (!q) return
    cards[q.id] = review(cards[q.id], Date.now(), rating)
    save()
    if (index < deck.length - 1) index += 1
    else build() // the end of the queue: take what is due by now
    render()
  }

  function go(step) {
    index = Math.min(Math.max(index + step, 0), Math.max(deck.length - 1, 0))
    render()
  }

  function say(text) {
    message.textContent = text
  }

  // --- Export and import ------------------------------------------------------------------------
  function exportProgress() {
    const now = new Date()
    const data = { format: "ops-kb-practice", version: 1, language: lang, exported: now.toISOString(), cards }
    const day = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
    const link = make("a", {
      href: URL.createObjectURL(new Blob([JSON.stringify(data, null, 2) + "\n"], { type: "application/json" })),
      download: `ops-kb-practice-${lang}-${day}.json`,
    })
    link.hidden = true
    document.body.append(link)
    link.click()
    link.remove()
  }

  // The file's cards, or the message saying why it cannot be imported (nothing is changed then).
  function readImport(text) {
    let data
    try {
      data = JSON.parse(text)
    } catch {
      return { error: T.notJson }
    }
    if (!data || typeof data !== "object" || Array.isArray(data) || data.format !== "ops-kb-practice")
      return { error: T.wrongShape(T.shape.format) }
    if (data.version !== 1) return { error: T.wrongVersion(JSON.stringify(data.version ?? null)) }
    if (data.language !== lang) {
      if (data.language === "zh" || data.language === "en") return { error: T.wrongLanguage(data.language) }
      return { error: T.wrongShape("language") }
    }
    if (!data.cards || typeof data.cards !== "object" || Array.isArray(data.cards)) return { error: T.wrongShape(T.shape.cards) }
    for (const [id, card] of Object.entries(data.cards)) {
      if (!/^[a-z0-9-]+\/[a-z0-9-]+$/.test(id) || !isCard(card)) return { error: T.wrongShape(T.shape.card(id)) }
    }
    return { cards: data.cards }
  }

  importInput.addEventListener("change", async () => {
    const file = importInput.files && importInput.files[0]
    if (!file) return
    let text
    try {
      text = await file.text()
    } catch {
      say(T.unreadable)
      return
    } finally {
      importInput.value = ""
    }
    const result = readImport(text)
    if (result.error) {
      say(result.error)
      return
    }
    const merged = { ...cards }
    const counts = { added: 0, updated: 0, kept: 0 }
    for (const [id, card] of Object.entries(result.cards)) counts[mergeCard(merged, id, fields(card))] += 1
    cards = merged
    say(T.imported(counts.added, counts.updated, counts.kept))
    save()
    build()
    render()
  })

  // --- Events -----------------------------------------------------------------------------------
  queueSelect.addEventListener("change", () => {
    build()
    render()
  })
  chapterSelect.addEventListener("change", () => {
    fillTags()
    build()
    render()
  })
  for (const select of [tagSelect, levelSelect]) {
    select.addEventListener("change", () => {
      build()
      render()
    })
  }
  // Opening the answer with its summary keeps the reveal button in step (toggle does not bubble).
  root.addEventListener("toggle", (event) => event.target === (shown && shown.el.querySelector("details")) && render(), true)

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return
    const target = event.target
    // Never while typing (the search box, the selects, the file input) or in editable content.
    if (target instanceof Element && target.closest("input, textarea, select, [contenteditable]")) return
    // Space on a focused button or summary activates it; do not answer it twice.
    if (event.key === " " && target instanceof Element && target.closest("button, summary, a, label")) return
    const q = current()
    const answerShown = Boolean(q && q.el.querySelector("details")?.open)
    let action = null
    if (event.key === " ") action = () => toggleAnswer()
    else if (event.key === "ArrowLeft") action = () => go(-1)
    else if (event.key === "ArrowRight") action = () => go(1)
    else if (/^[1-4]$/.test(event.key) && answerShown) action = () => rate(Number(event.key))
    if (!action) return
    event.preventDefault()
    action()
  })

  // --- Start ----------------------------------------------------------------------------------
  fillTags()
  root.before(panel)
  root.after(actions)
  actions.after(progress)
  root.classList.add("opskb-practice--active")
  if (dirty) save()
  if (migratedCount) say(T.migrated(migratedCount))
  build()
  render()
})()
