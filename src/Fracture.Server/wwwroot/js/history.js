// The recent predictions list (newest first), a page at a time; each entry reopens its stored prediction.
import { listPredictions } from './api.js';

export const HISTORY_LIMIT = 20;

export class History {
  constructor({ list, empty, more, onOpen, onError }) {
    this.list = list;
    this.empty = empty;
    this.more = more;
    this.onOpen = onOpen;
    this.onError = onError;
    this.activeId = null;
    this.next = null;
    more.addEventListener('click', () => this.showOlder());
  }

  async refresh() {
    try {
      const page = await listPredictions(HISTORY_LIMIT);
      this.render(page.items);
      this.setNext(page.next);
    } catch (error) {
      this.onError(error);
    }
  }

  async showOlder() {
    if (!this.next) return;
    try {
      const page = await listPredictions(HISTORY_LIMIT, this.next);
      this.list.append(...page.items.map((item) => this.entry(item)));
      this.setActive(this.activeId);
      this.setNext(page.next);
    } catch (error) {
      this.onError(error);
    }
  }

  setNext(next) {
    this.next = next;
    this.more.hidden = !next;
  }

  setActive(id) {
    this.activeId = id;
    for (const button of this.list.querySelectorAll('button[data-id]')) {
      const active = button.dataset.id === id;
      button.classList.toggle('active', active);
      if (active) button.setAttribute('aria-current', 'true');
      else button.removeAttribute('aria-current');
    }
  }

  render(items) {
    this.empty.hidden = items.length > 0;
    this.list.replaceChildren(...items.map((item) => this.entry(item)));
    this.setActive(this.activeId);
  }

  entry(item) {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'history-item';
    button.dataset.id = item.id;
    button.dataset.testid = 'history-item';
    const name = document.createElement('span');
    name.className = 'history-name';
    name.textContent = item.fileName || 'unnamed image';
    const meta = document.createElement('span');
    meta.className = 'history-meta';
    const when = item.createdUtc ? new Date(item.createdUtc).toLocaleString() : '';
    // Findings at their model's operating threshold (the verdict's), not all stored: the page uploads with a very
    // low conf, so the full count would read "clear · 37 findings".
    const suspected = item.suspectedFindingCount ?? 0;
    const count = `${suspected} finding${suspected === 1 ? '' : 's'} at threshold`;
    meta.textContent = [when, `${item.width}×${item.height}`, count].filter(Boolean).join(' · ');
    const badge = document.createElement('span');
    badge.className = `badge ${item.fractureSuspected ? 'positive' : 'negative'}`;
    badge.textContent = item.fractureSuspected ? 'suspected' : 'clear';
    button.append(name, badge, meta);
    button.setAttribute('aria-label',
      `Open ${name.textContent}, ${badge.textContent}, ${count}${when ? `, ${when}` : ''}`);
    button.addEventListener('click', () => this.onOpen(item.id));
    li.append(button);
    return li;
  }
}
