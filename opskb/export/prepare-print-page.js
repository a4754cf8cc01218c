// Run by the export (__main__.py) in the print page (print-site's all-pages page) before printing.
// It makes the page a book: every tab and <details> shown, links resolved inside the
// document, chapters marked, a page-number slot in each contents entry.
// Returns what it changed, for the export log.
(siteUrl) => {
  const book = document.getElementById('print-site-page');
  const report = { localLinksDropped: [] };

  // Collapsed answers and content tabs: everything is printed.
  book.querySelectorAll('details').forEach((d) => { d.open = true; });
  book.querySelectorAll('.tabbed-set').forEach((set) => {
    const labels = [...set.querySelectorAll(':scope > .tabbed-labels > label')];
    const blocks = [...set.querySelectorAll(':scope > .tabbed-content > .tabbed-block')];
    blocks.forEach((block, i) => {
      const label = document.createElement('p');
      label.className = 'opskb-tab-label';
      label.textContent = labels[i] ? labels[i].textContent.trim() : '';
      block.prepend(label);
    });
  });

  // Links: print-site turns most links between pages into #anchors of this page; the rest would
  // point to the local server the page is printed from. Point them into the document, to the
  // published site (SITE_URL), or drop the link and keep its text.
  const siteRoot = new URL('../', location.href);
  const idFor = (url) => {
    let path = decodeURIComponent(url.pathname.slice(siteRoot.pathname.length));
    path = path.replace(/(^|\/)index\.html$/, '$1').replace(/\.html$/, '').replace(/\/$/, '');
    const page = path ? path.replace(/\//g, '-') : 'index';
    const anchor = decodeURIComponent(url.hash.slice(1));
    if (url.pathname === location.pathname) return anchor;
    return [anchor && `${page}-${anchor}`, page].find((id) => id && document.getElementById(id));
  };
  // A relative link print-site left alone (one whose text holds markup, such as a glossary
  // <abbr>) is relative to its own page: try the page's section id, then its parents'.
  const relativeId = (a) => {
    const href = a.getAttribute('href');
    if (/^[a-z]+:|^[#/]/i.test(href)) return undefined;
    const [path, anchor] = href.split('#');
    const slug = path.replace(/^(\.\.\/)+/, '').replace(/(index)?(\.html|\.md)?\/?$/, '').replace(/\//g, '-');
    let base = a.closest('section.print-page[id]')?.id ?? '';
    while (true) {
      const page = [base, slug].filter(Boolean).join('-');
      const id = [anchor && `${page}-${decodeURIComponent(anchor)}`, page].find((i) => i && document.getElementById(i));
      if (id || !base) return id;
      base = base.includes('-') ? base.slice(0, base.lastIndexOf('-')) : '';
    }
  };
  book.querySelectorAll('a[href]').forEach((a) => {
    const url = new URL(a.getAttribute('href'), location.href);
    if (url.origin !== location.origin) return;
    const id = idFor(url) || relativeId(a);
    if (id && document.getElementById(id)) {
      a.setAttribute('href', `#${id}`);
    } else if (siteUrl && !url.pathname.startsWith(location.pathname)) {
      a.setAttribute('href', new URL(url.pathname.slice(siteRoot.pathname.length) + url.hash, siteUrl).href);
    } else {
      report.localLinksDropped.push(a.getAttribute('href'));
      a.removeAttribute('href');
    }
  });

  // Chromium names a PDF destination after the percent-encoded id; PDF names longer than 127
  // bytes upset readers (poppler warns), so long ids (Chinese headings) get short ones.
  const linked = new Map();
  book.querySelectorAll('a[href^="#"]').forEach((a) => {
    const id = decodeURIComponent(a.getAttribute('href').slice(1));
    if (encodeURIComponent(id).length > 100) {
      if (!linked.has(id)) linked.set(id, `opskb-anchor-${linked.size + 1}`);
      a.setAttribute('href', `#${linked.get(id)}`);
    }
  });
  linked.forEach((short, id) => { const target = document.getElementById(id); if (target) target.id = short; });

  // Chapters: print-site wraps each nav section in section.md-section with an <h1> of its own,
  // sections in sections (a group of chapters, then a chapter); a chapter is a section that holds
  // pages, and top-level pages (home) are chapters too. The running header shows its title.
  const isPage = (section) => !section.classList.contains('md-section');
  const chapters = [];
  book.querySelectorAll('section.print-page[id]').forEach((section) => {
    const topPage = section.parentElement === book && isPage(section);
    const holdsPages = !isPage(section) && [...section.children].some((c) => c.matches('section.print-page') && isPage(c));
    if (!topPage && !holdsPages) return;
    const heading = section.querySelector(':scope > h1');
    if (!heading) return;
    section.classList.add('opskb-chapter');
    chapters.push({ id: section.id, title: heading.textContent.replace('¶', '').trim() });
  });

  // Contents: a slot for the page number after each entry (filled in after a first printing).
  // Each entry is [title, dot leader, number]; the slot has a fixed width, so that filling in
  // the numbers cannot move anything.
  const toc = document.querySelector('#print-page-toc nav > ul');
  const entries = [];
  toc.querySelectorAll('a.md-nav__link').forEach((a) => {
    const id = decodeURIComponent(a.getAttribute('href').slice(1));
    const leader = document.createElement('span');
    leader.className = 'opskb-toc-leader';
    const number = document.createElement('span');
    number.className = 'opskb-toc-page';
    number.dataset.target = id;
    a.append(leader, number);
    let level = 1;
    for (let li = a.closest('li').parentElement.closest('li'); li; li = li.parentElement.closest('li')) level += 1;
    const target = document.getElementById(id);
    const page = Boolean(target && target.matches('section.print-page') && isPage(target));
    entries.push({ id, level, page, title: a.querySelector('.md-ellipsis').textContent.trim() });
  });
  return { ...report, chapters, entries };
}
