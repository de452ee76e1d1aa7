// What is shown for a prediction: one filter and one palette, shared by the overlay, the table and the
// downloaded PNG so the three always agree.

// Okabe–Ito colours (distinguishable with common colour-vision deficiencies), indexed by class id.
export const PALETTE = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#CC79A7', '#D55E00', '#0072B2', '#FFFFFF'];

export function classColour(classId) {
  const index = Number.isInteger(classId) && classId >= 0 ? classId % PALETTE.length : PALETTE.length - 1;
  return PALETTE[index];
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
