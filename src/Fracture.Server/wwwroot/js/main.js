// Page wiring: upload, show a prediction, keep the overlay, the table and the downloads in step with the
// confidence slider and the toggles.
import {
  ApiError, createPrediction, fetchImageBlob, getApiKey, getPrediction, listModels, setApiKey,
} from './api.js';
import { downloadAnnotatedPng, downloadJson } from './download.js';
import { History } from './history.js';
import { highlightFinding, renderOverlay, placeLabels } from './overlay.js';
import {
  renderClassification, renderDetails, renderFindings, renderLegend, renderVerdict,
} from './results.js';
import { hasOutline } from './findings.js';
import { Viewer } from './viewer.js';

const DEFAULT_THRESHOLD = 0.25;
const $ = (id) => document.getElementById(id);

const ui = {
  alert: $('alert'), alertText: $('alert-text'), alertClose: $('alert-close'),
  apiKey: $('api-key'), dropZone: $('drop-zone'), fileInput: $('file-input'),
  busy: $('busy'), busyText: $('busy-text'),
  slider: $('conf-slider'), sliderValue: $('conf-value'),
  boxes: $('toggle-boxes'), outlines: $('toggle-outlines'), labels: $('toggle-labels'),
  brightness: $('brightness'), brightnessValue: $('brightness-value'),
  contrast: $('contrast'), contrastValue: $('contrast-value'),
  zoomIn: $('zoom-in'), zoomOut: $('zoom-out'), reset: $('view-reset'), zoomValue: $('zoom-value'),
  viewport: $('viewport'), stage: $('stage'), image: $('xray'), overlay: $('overlay'),
  placeholder: $('viewer-placeholder'), legend: $('legend'),
  verdictPanel: $('verdict-panel'), verdict: $('verdict'), evidence: $('evidence'),
  classificationPanel: $('classification-panel'), classificationSummary: $('classification-summary'),
  probabilities: $('probabilities'),
  findingsPanel: $('findings-panel'), findings: $('findings'), findingsCount: $('findings-count'),
  findingsEmpty: $('findings-empty'),
  detailsPanel: $('details-panel'), details: $('details'),
  downloadPng: $('download-png'), downloadJson: $('download-json'),
  historyList: $('history'), historyEmpty: $('history-empty'), historyRefresh: $('history-refresh'),
};

const state = {
  prediction: null,
  shown: [],
  // Kept apart from the slider's value so the detector's exact operating threshold is used until moved.
  threshold: DEFAULT_THRESHOLD,
  imageUrl: null,
  // Only the latest request may change the page (an older, slower one is ignored).
  request: 0,
};

const viewer = new Viewer({
  viewport: ui.viewport, stage: ui.stage, image: ui.image,
  onZoom: (scale) => {
    ui.zoomValue.textContent = `${Math.round(scale * 100)}%`;
    placeLabels(ui.overlay, scale);
  },
});

const history = new History({ list: ui.historyList, empty: ui.historyEmpty, onOpen: openPrediction, onError: showError });

function showError(error) {
  const message = error instanceof ApiError || error instanceof Error ? error.message : String(error);
  ui.alertText.textContent = message;
  ui.alert.dataset.status = String(error?.status ?? 0);
  ui.alert.hidden = false;
}

function clearError() {
  ui.alert.hidden = true;
  ui.alertText.textContent = '';
}

function setBusy(busy, text = 'Analysing…') {
  ui.busy.hidden = !busy;
  ui.busyText.textContent = text;
  ui.fileInput.disabled = busy;
  ui.dropZone.classList.toggle('disabled', busy);
  document.body.setAttribute('aria-busy', String(busy));
}

function viewSettings() {
  return {
    threshold: state.threshold, boxes: ui.boxes.checked, outlines: ui.outlines.checked, labels: ui.labels.checked,
    zoom: viewer.scale,
  };
}

function setThreshold(value) {
  state.threshold = value;
  ui.sliderValue.textContent = String(Number(value.toFixed(4)));
  ui.sliderValue.dataset.threshold = String(value);
}

// Redraws what depends on the slider and the toggles.
function refreshFindings() {
  const prediction = state.prediction;
  if (!prediction) return;
  state.shown = renderOverlay(ui.overlay, prediction, viewSettings());
  renderFindings(ui.findingsPanel, ui.findings, ui.findingsCount, ui.findingsEmpty, state.shown,
    prediction.findings?.length ?? 0, (index) => highlightFinding(ui.overlay, index));
}

async function loadImage(prediction) {
  const link = prediction.links?.image ?? `/api/v1/predictions/${prediction.id}/image`;
  const blob = await fetchImageBlob(link);
  const url = URL.createObjectURL(blob);
  const image = new Image();
  image.src = url;
  try {
    await image.decode();
  } catch {
    URL.revokeObjectURL(url);
    throw new ApiError('The browser could not display the stored image.');
  }
  return url;
}

async function showPrediction(prediction, request) {
  const url = await loadImage(prediction);
  if (request !== state.request) {
    URL.revokeObjectURL(url);
    return;
  }
  if (state.imageUrl) URL.revokeObjectURL(state.imageUrl);
  state.imageUrl = url;
  state.prediction = prediction;
  ui.image.src = url;
  ui.image.alt = `X-ray ${prediction.image?.fileName ?? ''} (${prediction.image.width} × ${prediction.image.height})`;
  await ui.image.decode().catch(() => {});
  ui.placeholder.hidden = true;
  viewer.show(prediction.image.width, prediction.image.height);
  // Only segmenter findings have outlines; the toggle says so instead of doing nothing.
  const outlines = (prediction.findings ?? []).some(hasOutline);
  ui.outlines.disabled = !outlines;
  ui.outlines.parentElement.title = outlines ? '' : 'No outlines in this prediction (no segmentation model ran)';
  refreshFindings();
  renderVerdict(ui.verdictPanel, ui.verdict, ui.evidence, prediction);
  renderClassification(ui.classificationPanel, ui.classificationSummary, ui.probabilities, prediction.classification);
  renderDetails(ui.detailsPanel, ui.details, prediction);
  history.setActive(prediction.id);
  window.history.replaceState(null, '', `#${prediction.id}`);
  document.body.dataset.predictionId = prediction.id;
}

async function run(text, work) {
  const request = ++state.request;
  clearError();
  setBusy(true, text);
  try {
    await work(request);
  } catch (error) {
    if (request === state.request) showError(error);
  } finally {
    if (request === state.request) setBusy(false);
  }
}

function uploadFile(file) {
  if (!file) return;
  return run(`Analysing ${file.name || 'image'}…`, async (request) => {
    const prediction = await createPrediction(file);
    try {
      if (request === state.request) await showPrediction(prediction, request);
    } finally {
      // Stored even when showing it failed, so the history lists it.
      await history.refresh();
    }
  });
}

function openPrediction(id) {
  return run('Opening…', async (request) => {
    const prediction = await getPrediction(id);
    if (request === state.request) await showPrediction(prediction, request);
  });
}

async function loadModels() {
  try {
    const models = await listModels();
    // The box model that task "all" runs: the segmenter when the server has one, else the detector.
    const detector = models.find((m) => m.task === 'segment') ?? models.find((m) => m.task === 'detect');
    if (detector && typeof detector.threshold === 'number' && detector.threshold > 0) {
      setThreshold(detector.threshold);
      ui.slider.value = String(detector.threshold);
    }
    if (detector && Array.isArray(detector.classNames)) renderLegend(ui.legend, detector.classNames);
  } catch (error) {
    showError(error);
  }
}

function bindUpload() {
  ui.fileInput.addEventListener('change', () => {
    const file = ui.fileInput.files?.[0];
    uploadFile(file);
    ui.fileInput.value = '';
  });
  // Dropping anywhere on the page uploads, instead of the browser navigating to the file.
  for (const type of ['dragenter', 'dragover']) {
    window.addEventListener(type, (event) => {
      event.preventDefault();
      if (!ui.fileInput.disabled) ui.dropZone.classList.add('dragging');
    });
  }
  window.addEventListener('dragleave', (event) => {
    if (!event.relatedTarget) ui.dropZone.classList.remove('dragging');
  });
  window.addEventListener('drop', (event) => {
    event.preventDefault();
    ui.dropZone.classList.remove('dragging');
    if (ui.fileInput.disabled) return;
    const files = event.dataTransfer?.files;
    if (files && files.length > 1) showError(new Error('Drop one file at a time.'));
    else uploadFile(files?.[0]);
  });
}

function bindControls() {
  ui.slider.addEventListener('input', () => {
    setThreshold(Number(ui.slider.value));
    refreshFindings();
  });
  for (const toggle of [ui.boxes, ui.outlines, ui.labels]) toggle.addEventListener('change', refreshFindings);
  const tone = () => {
    ui.brightnessValue.textContent = `${ui.brightness.value}%`;
    ui.contrastValue.textContent = `${ui.contrast.value}%`;
    viewer.setTone(Number(ui.brightness.value), Number(ui.contrast.value));
  };
  ui.brightness.addEventListener('input', tone);
  ui.contrast.addEventListener('input', tone);
  ui.zoomIn.addEventListener('click', () => viewer.zoomIn());
  ui.zoomOut.addEventListener('click', () => viewer.zoomOut());
  ui.reset.addEventListener('click', () => {
    ui.brightness.value = '100';
    ui.contrast.value = '100';
    tone();
    viewer.fit();
  });
  ui.alertClose.addEventListener('click', clearError);
  ui.historyRefresh.addEventListener('click', () => history.refresh());
  ui.downloadJson.addEventListener('click', () => state.prediction && downloadJson(state.prediction));
  ui.downloadPng.addEventListener('click', async () => {
    if (!state.prediction) return;
    try {
      await downloadAnnotatedPng(ui.image, state.prediction, state.shown, viewSettings(),
        { brightness: viewer.brightness, contrast: viewer.contrast });
    } catch (error) {
      showError(error);
    }
  });
  ui.apiKey.value = getApiKey();
  ui.apiKey.addEventListener('change', () => {
    setApiKey(ui.apiKey.value.trim());
    clearError();
    loadModels();
    history.refresh();
  });
}

async function start() {
  setThreshold(DEFAULT_THRESHOLD);
  bindUpload();
  bindControls();
  await loadModels();
  await history.refresh();
  const id = window.location.hash.slice(1);
  if (/^[0-9a-f]{32}$/i.test(id)) await openPrediction(id);
  document.body.dataset.ready = 'true';
}

start();
