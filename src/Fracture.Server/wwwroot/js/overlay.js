// Draws the findings as SVG over the image. The SVG's viewBox is the original image's pixel grid, so
// the server's pixel coordinates are used unchanged and zooming scales both layers together.
import {
  boundsOf, classColour, hasOutline, labelText, layoutLabels, visibleFindings,
} from './findings.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

function element(name, attributes = {}) {
  const node = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  return node;
}

function layer(testId, shown) {
  const group = element('g', { 'data-testid': testId });
  if (!shown) group.setAttribute('display', 'none');
  return group;
}

function boxRect(finding, colour) {
  const { x1, y1, x2, y2 } = finding.box;
  const rect = element('rect', {
    x: x1, y: y1, width: Math.max(0, x2 - x1), height: Math.max(0, y2 - y1),
    stroke: colour, fill: 'none', 'stroke-width': 2, 'vector-effect': 'non-scaling-stroke',
    'data-testid': 'finding-box', 'data-index': finding.index, 'data-class-id': finding.classId,
  });
  rect.append(titleOf(finding));
  return rect;
}

function outlinePolygon(finding, colour) {
  const points = finding.outline.map(([x, y]) => `${x},${y}`).join(' ');
  const polygon = element('polygon', {
    points, stroke: colour, fill: colour, 'fill-opacity': 0.15, 'stroke-width': 2,
    'vector-effect': 'non-scaling-stroke', 'stroke-linejoin': 'round',
    'data-testid': 'finding-outline', 'data-index': finding.index, 'data-class-id': finding.classId,
  });
  polygon.append(titleOf(finding));
  return polygon;
}

function titleOf(finding) {
  const title = element('title');
  title.textContent = labelText(finding);
  return title;
}

// Labels keep one size on screen whatever the zoom: each is drawn at the origin in screen pixels and
// placed by a transform that placeLabels updates when the zoom changes.
const LABEL_PX = 13;

function label(finding, colour) {
  const text = labelText(finding);
  const bounds = boundsOf(finding);
  const height = LABEL_PX * 1.3;
  const width = text.length * LABEL_PX * 0.6 + LABEL_PX * 0.5;
  const group = element('g', {
    'data-testid': 'finding-label', 'data-index': finding.index, 'data-width': width, 'data-height': height,
    'data-x1': bounds.x1, 'data-y1': bounds.y1, 'data-x2': bounds.x2, 'data-y2': bounds.y2,
  });
  group.append(element('rect', { x: 0, y: 0, width, height, fill: colour, 'fill-opacity': 0.85 }));
  const textNode = element('text', {
    x: LABEL_PX * 0.25, y: LABEL_PX, 'font-size': LABEL_PX, fill: '#000', 'font-family': 'system-ui, sans-serif',
  });
  textNode.textContent = text;
  group.append(textNode);
  return group;
}

/** Places the labels for a zoom (screen pixels per image pixel); see layoutLabels. */
export function placeLabels(svg, zoom) {
  const k = 1 / (zoom > 0 ? zoom : 1);
  const view = svg.viewBox.baseVal;
  // The DOM holds the least confident first (so the most confident is drawn on top).
  const groups = [...svg.querySelectorAll('g[data-testid="finding-label"]')].reverse();
  const sizes = groups.map((group) => {
    const d = Object.fromEntries(['width', 'height', 'x1', 'y1', 'x2', 'y2'].map((key) => [key, Number(group.dataset[key])]));
    return { ...d, w: d.width * k, h: d.height * k };
  });
  layoutLabels(sizes, view.width, view.height).forEach((spot, i) => {
    groups[i].setAttribute('transform', `translate(${spot.x} ${spot.y}) scale(${k})`);
  });
}

/**
 * Replaces the overlay's content for the prediction and the view settings
 * ({ threshold, boxes, outlines, labels, zoom }); returns the findings drawn.
 */
export function renderOverlay(svg, prediction, view) {
  const width = prediction.image.width;
  const height = prediction.image.height;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('width', width);
  svg.setAttribute('height', height);
  svg.replaceChildren();

  const shown = visibleFindings(prediction, view.threshold);
  const outlines = layer('outlines-layer', view.outlines);
  const boxes = layer('boxes-layer', view.boxes);
  const labels = layer('labels-layer', view.labels);
  // Least confident first, so the most confident finding is drawn on top.
  for (const finding of [...shown].reverse()) {
    const colour = classColour(finding.classId);
    if (hasOutline(finding)) outlines.append(outlinePolygon(finding, colour));
    if (finding.box) boxes.append(boxRect(finding, colour));
    if (finding.box || hasOutline(finding)) labels.append(label(finding, colour));
  }
  svg.append(outlines, boxes, labels);
  placeLabels(svg, view.zoom);
  return shown;
}

/** Emphasises one finding (hovered in the table) in the overlay; null clears it. */
export function highlightFinding(svg, index) {
  for (const node of svg.querySelectorAll('[data-index]')) {
    node.classList.toggle('dimmed', index !== null && node.getAttribute('data-index') !== String(index));
  }
}
