// The result panels: study verdict with its evidence, the classifier's answer, the findings table and
// the details (image, models, timings). Text only through textContent: nothing from the server is HTML.
import { classColour, formatBox, formatScore } from './findings.js';

function cell(text, attributes = {}) {
  const td = document.createElement('td');
  td.textContent = text;
  for (const [key, value] of Object.entries(attributes)) td.setAttribute(key, value);
  return td;
}

function swatch(colour) {
  const span = document.createElement('span');
  span.className = 'swatch';
  span.style.background = colour;
  span.setAttribute('aria-hidden', 'true');
  return span;
}

export function renderVerdict(panel, verdictNode, evidenceBody, prediction) {
  const verdict = prediction.verdict;
  panel.hidden = false;
  // null: no model with an operating threshold ran (an Ultralytics export), so nothing called "no fracture".
  const undecided = verdict?.fractureSuspected === null || verdict?.fractureSuspected === undefined;
  const suspected = Boolean(verdict?.fractureSuspected);
  verdictNode.textContent = undecided ? 'No fracture verdict' : suspected ? 'Fracture suspected' : 'No fracture suspected';
  verdictNode.className = `verdict ${undecided ? 'neutral' : suspected ? 'positive' : 'negative'}`;
  verdictNode.dataset.suspected = undecided ? 'unknown' : String(suspected);
  const evidence = Array.isArray(verdict?.evidence) ? verdict.evidence : [];
  evidenceBody.replaceChildren(...evidence.map((item) => {
    const row = document.createElement('tr');
    row.dataset.testid = 'evidence-row';
    row.append(
      cell(`${item.model} (${item.task})`),
      cell(formatScore(item.score)),
      cell(formatScore(item.threshold)),
      cell(item.suspected ? 'yes' : 'no', { class: item.suspected ? 'positive-text' : '' }));
    return row;
  }));
  if (evidence.length === 0) {
    const row = document.createElement('tr');
    row.append(cell('No model with an operating threshold ran, so none calls a fracture: the findings are ' +
      'what the models found in their own classes.', { colspan: '4', class: 'muted' }));
    evidenceBody.append(row);
  }
}

export function renderClassification(panel, summary, list, classification) {
  panel.hidden = !classification;
  if (!classification) return;
  const verdict = classification.suspected ? 'suspected' : 'not suspected';
  summary.textContent = `${classification.topClass} (${formatScore(classification.topScore)}). ` +
    `Fracture probability ${formatScore(classification.fractureProbability)} vs threshold ` +
    `${formatScore(classification.threshold)}: ${verdict}. Model ${classification.model}.`;
  const probabilities = Array.isArray(classification.probabilities) ? classification.probabilities : [];
  list.replaceChildren(...[...probabilities].sort((a, b) => b.probability - a.probability).map((item) => {
    const li = document.createElement('li');
    const name = document.createElement('span');
    name.textContent = item.className;
    const bar = document.createElement('meter');
    bar.min = 0;
    bar.max = 1;
    bar.value = item.probability;
    bar.setAttribute('aria-label', `${item.className} probability`);
    const value = document.createElement('span');
    value.textContent = formatScore(item.probability);
    li.append(name, bar, value);
    return li;
  }));
}

/** Fills the table with the findings shown; hovering a row calls onHover(index or null). */
export function renderFindings(panel, body, count, empty, shown, total, onHover) {
  panel.hidden = false;
  count.textContent = `(${shown.length} of ${total})`;
  empty.hidden = shown.length > 0;
  body.replaceChildren(...shown.map((finding) => {
    const row = document.createElement('tr');
    row.dataset.testid = 'finding-row';
    row.dataset.index = String(finding.index);
    row.tabIndex = 0;
    const name = cell(finding.className ?? `class ${finding.classId}`);
    name.prepend(swatch(classColour(finding.classId)));
    row.append(name, cell(formatScore(finding.confidence), { 'data-testid': 'finding-confidence' }),
      cell(formatBox(finding.box)));
    for (const [type, value] of [['mouseenter', finding.index], ['focus', finding.index],
      ['mouseleave', null], ['blur', null]]) {
      row.addEventListener(type, () => onHover(value));
    }
    return row;
  }));
}

export function renderDetails(panel, list, prediction) {
  panel.hidden = false;
  const image = prediction.image ?? {};
  const models = Array.isArray(prediction.models) ? prediction.models : [];
  const timings = prediction.timings ?? {};
  const entries = [
    ['File', image.fileName || '—'],
    ['Image', `${image.width} × ${image.height} px, ${image.format ?? '?'}, ${formatBytes(image.bytes)}`],
    ['Requested', `task ${prediction.task}, confidence ≥ ${prediction.confidence}`],
    ['Models', models.map((m) => `${m.id} ${m.version ?? ''}`.trim() + (m.flipFusion ? ' (mirror fusion)' : '')).join(', ') || '—'],
    ['Time', typeof timings.totalMs === 'number' ? `${timings.totalMs.toFixed(0)} ms` : '—'],
    ['Created', prediction.createdUtc ? new Date(prediction.createdUtc).toLocaleString() : '—'],
    ['Id', prediction.id],
  ];
  list.replaceChildren(...entries.flatMap(([term, value]) => {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.textContent = value;
    return [dt, dd];
  }));
}

/** One legend entry per detector class, in class-id order. */
export function renderLegend(list, classNames) {
  list.replaceChildren(...classNames.map((name, classId) => {
    const li = document.createElement('li');
    li.append(swatch(classColour(classId)), document.createTextNode(name));
    return li;
  }));
}

function formatBytes(bytes) {
  if (typeof bytes !== 'number') return '?';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
