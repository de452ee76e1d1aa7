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
    this.generation = 0;
    this.loadingOlder = false;
    more.addEventListener('click', () => this.showOlder());
  }

  // Each refresh starts a new generation: an answer (a first page or an older one) that arrives after a newer refresh
  // began belongs to a list that is gone, and is dropped.
  async refresh() {
    const generation = ++this.generation;
    // The old list's cursor no longer fits the list that is coming: "Show older" waits for the new one's.
    this.setNext(null);
    try {
      const page = await listPredictions(HISTORY_LIMIT);
      if (generation !== this.generation) return;
      this.render(page.items);
      this.setNext(page.next);
    } catch (error) {
      if (generation === this.generation) this.onError(error);
    }
  }

  async showOlder() {
    // One page at a time: a second click while one is on its way would append the same page twice.
    if (!this.next || this.loadingOlder) return;
    const generation = this.generation;
    this.loadingOlder = true;
    try {
      const page = await listPredictions(HISTORY_LIMIT, this.next);
      if (generation !== this.generation) return;
      this.list.append(...page.items.map((item) => this.entry(item)));
      this.setActive(this.activeId);
      this.setNext(page.next);
    } catch (error) {
      if (generation !== this.generation) return;
      // The page's cursor was deleted meanwhile (retention, another tab): start the list again from the newest.
      if (error?.status === 404) await this.refresh();
      else this.onError(error);
    } finally {
      this.loadingOlder = false;
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
    // null: no model with an operating threshold ran; "clear" would be a call no model made.
    const undecided = item.fractureSuspected === null || item.fractureSuspected === undefined;
    badge.className = `badge ${undecided ? 'neutral' : item.fractureSuspected ? 'positive' : 'negative'}`;
    badge.textContent = undecided ? 'no verdict' : item.fractureSuspected ? 'suspected' : 'clear';
    button.append(name, badge, meta);
    button.setAttribute('aria-label',
      `Open ${name.textContent}, ${badge.textContent}, ${count}${when ? `, ${when}` : ''}`);
    button.addEventListener('click', () => this.onOpen(item.id));
    li.append(button);
    return li;
  }
}
