// Downloads: the image as currently viewed (tone and visible overlay, at the original resolution) as
// PNG, and the prediction as JSON.
import {
  boundsOf, classColour, hasOutline, labelFontSize, labelText, layoutLabels,
} from './findings.js';
import { toneFilter } from './viewer.js';

function save(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke later: the download reads the URL asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function downloadJson(prediction) {
  const blob = new Blob([JSON.stringify(prediction, null, 2)], { type: 'application/json' });
  save(blob, `prediction-${prediction.id}.json`);
}

/**
 * Draws the image with the viewer's brightness/contrast and the findings shown (per the toggles) onto a
 * canvas of the image's own size; returns the PNG blob.
 */
export async function annotatedPng(image, prediction, shown, view, tone) {
  if (!image.complete || image.naturalWidth === 0) throw new Error('The image is not shown yet, so it cannot be annotated.');
  const width = prediction.image.width;
  const height = prediction.image.height;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  context.filter = toneFilter(tone.brightness, tone.contrast);
  context.drawImage(image, 0, 0, width, height);
  context.filter = 'none';
  const line = Math.max(2, Math.round(Math.min(width, height) / 300));
  const fontSize = labelFontSize(width, height);
  const ordered = [...shown].reverse();
  for (const finding of ordered) {
    const colour = classColour(finding.classId);
    context.lineWidth = line;
    context.strokeStyle = colour;
    context.lineJoin = 'round';
    if (view.outlines && hasOutline(finding)) {
      context.beginPath();
      finding.outline.forEach(([x, y], i) => (i === 0 ? context.moveTo(x, y) : context.lineTo(x, y)));
      context.closePath();
      context.globalAlpha = 0.15;
      context.fillStyle = colour;
      context.fill();
      context.globalAlpha = 1;
      context.stroke();
    }
    if (view.boxes && finding.box) {
      const { x1, y1, x2, y2 } = finding.box;
      context.strokeRect(x1, y1, x2 - x1, y2 - y1);
    }
  }
  if (view.labels) drawLabels(context, shown, fontSize, width, height);
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The browser could not encode the PNG.'))),
      'image/png');
  });
}

function drawLabels(context, shown, fontSize, width, height) {
  context.font = `${fontSize}px system-ui, sans-serif`;
  context.textBaseline = 'alphabetic';
  const labelled = shown.filter((f) => f.box || hasOutline(f));
  const texts = labelled.map(labelText);
  const spots = layoutLabels(labelled.map((finding, i) => ({
    ...boundsOf(finding), w: context.measureText(texts[i]).width + fontSize * 0.5, h: fontSize * 1.3,
  })), width, height);
  // Most confident last, so it is drawn on top.
  for (let i = labelled.length - 1; i >= 0; i -= 1) {
    const { x, y } = spots[i];
    context.globalAlpha = 0.85;
    context.fillStyle = classColour(labelled[i].classId);
    context.fillRect(x, y, context.measureText(texts[i]).width + fontSize * 0.5, fontSize * 1.3);
    context.globalAlpha = 1;
    context.fillStyle = '#000';
    context.fillText(texts[i], x + fontSize * 0.25, y + fontSize);
  }
}

export async function downloadAnnotatedPng(image, prediction, shown, view, tone) {
  const blob = await annotatedPng(image, prediction, shown, view, tone);
  save(blob, `prediction-${prediction.id}-annotated.png`);
}
