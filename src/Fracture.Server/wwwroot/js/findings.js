// What is shown for a prediction: one filter and one palette, shared by the overlay, the table and the
// downloaded PNG so the three always agree.

// Okabe–Ito colours (distinguishable with common colour-vision deficiencies), indexed by class id.
export const PALETTE = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#CC79A7', '#D55E00', '#0072B2', '#FFFFFF'];

export function classColour(classId) {
  const index = Number.isInteger(classId) && classId >= 0 ? classId % PALETTE.length : PALETTE.length - 1;
  return PALETTE[index];
}

/** The operating threshold of the box model behind a prediction's verdict, or null (a classifier alone). */
export function boxModelThreshold(prediction) {
  const evidence = Array.isArray(prediction?.verdict?.evidence) ? prediction.verdict.evidence : [];
  const box = evidence.find((e) => (e.task === 'segment' || e.task === 'detect') && typeof e.threshold === 'number' && e.threshold > 0);
  return box ? box.threshold : null;
}

/** Findings at or above the threshold, most confident first, each with its index in the server's list. */
export function visibleFindings(prediction, threshold) {
  const findings = Array.isArray(prediction?.findings) ? prediction.findings : [];
  return findings
    .map((finding, index) => ({ ...finding, index }))
    .filter((finding) => typeof finding.confidence === 'number' && finding.confidence >= threshold)
    .sort((a, b) => b.confidence - a.confidence);
}

export function labelText(finding) {
  return `${finding.className ?? `class ${finding.classId}`} ${formatScore(finding.confidence)}`;
}

export function formatScore(value) {
  return typeof value === 'number' ? value.toFixed(2) : '—';
}

export function formatBox(box) {
  if (!box) return '—';
  const r = (v) => Math.round(v);
  return `${r(box.x1)}, ${r(box.y1)} – ${r(box.x2)}, ${r(box.y2)}`;
}

/** Label font size in image pixels: readable on both small and large radiographs. */
export function labelFontSize(width, height) {
  return Math.max(12, Math.round(Math.min(width, height) / 40));
}

/** Whether a finding has an outline polygon (segmenter findings do; detector findings do not). */
export function hasOutline(finding) {
  return Array.isArray(finding.outline) && finding.outline.length >= 3;
}

/** The box of a finding, or the bounds of its outline when it has no box. */
export function boundsOf(finding) {
  if (finding.box) return finding.box;
  const xs = finding.outline.map((p) => p[0]);
  const ys = finding.outline.map((p) => p[1]);
  return { x1: Math.min(...xs), y1: Math.min(...ys), x2: Math.max(...xs), y2: Math.max(...ys) };
}

function overlaps(a, b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/**
 * Where labels go, in image pixels, for labels given most confident first as { w, h, x1, y1, x2, y2 }
 * (label size, finding bounds): above the box, else inside its top edge, below it or inside its bottom
 * edge, whichever is the first inside the image not covering a label already placed (else the first
 * inside the image). Returns one { x, y } per label, in the same order.
 */
export function layoutLabels(labels, width, height) {
  const placed = [];
  return labels.map(({ w, h, x1, y1, x2, y2 }) => {
    const x = Math.max(0, Math.min(x1, width - w));
    const candidates = [y1 - h, y1, y2, y2 - h]
      .map((y) => ({ x, y, w, h }))
      .filter((c) => c.y >= 0 && c.y + c.h <= height);
    const spot = candidates.find((c) => !placed.some((p) => overlaps(c, p))) ?? candidates[0] ?? { x, y: y1, w, h };
    placed.push(spot);
    return { x: spot.x, y: spot.y };
  });
}
