// Page wiring: upload, show a prediction, keep the overlay, the table and the downloads in step with the
// confidence slider and the toggles.
import {
  ApiError, createPrediction, deletePrediction, fetchImageBlob, getApiKey, getPrediction, listModels, setApiKey,
} from './api.js';
import { downloadAnnotatedPng, downloadJson } from './download.js';
import { bindUpload } from './drop.js';
import { bindSkipLink, bringIntoView } from './focus.js';
import { History } from './history.js';
import { Notices } from './notices.js';
import { highlightFinding, renderOverlay, placeLabels } from './overlay.js';
import {
  renderClassification, renderDetails, renderFindings, renderLegend, renderVerdict,
} from './results.js';
import { boxModelThreshold, hasOutline } from './findings.js';
import { Viewer } from './viewer.js';

const DEFAULT_THRESHOLD = 0.25;
const $ = (id) => document.getElementById(id);
const FLIP_FUSION_TITLE = $('flip-fusion').parentElement.title;

const ui = {
  alertClose: $('alert-close'),
  apiKey: $('api-key'), dropZone: $('drop-zone'), fileInput: $('file-input'), flipFusion: $('flip-fusion'),
  busy: $('busy'), busyText: $('busy-text'), cancelUpload: $('cancel-upload'),
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
  downloadPng: $('download-png'), downloadJson: $('download-json'), deletePrediction: $('delete-prediction'),
  historyList: $('history'), historyEmpty: $('history-empty'), historyRefresh: $('history-refresh'),
  historyMore: $('history-more'), viewer: $('viewer'),
};

const notices = new Notices({
  alert: $('alert'), alertText: $('alert-text'), previous: $('previous-note'), announcer: $('announcer'),
  settings: $('settings'), apiKey: $('api-key'),
});
const showError = (error, prefix) => notices.showError(error, prefix);
const clearError = () => notices.clearError();

const state = {
  prediction: null,
  shown: [],
  // Kept apart from the slider's value so the detector's exact operating threshold is used until moved.
  threshold: DEFAULT_THRESHOLD,
  imageUrl: null,
  // Only the latest request may change the page (an older, slower one is ignored).
  request: 0,
  // An upload in flight (one at a time) and views being opened; the busy line shows while either runs.
  upload: null,
  // Stops the upload in flight (the Cancel button beside the busy line).
  uploadAbort: null,
  opening: 0,
  // Set once the user ticks or clears mirror fusion: reloading the models (a new API key) then keeps their choice.
  flipFusionChosen: false,
  // Whether the server's models are known: until then an upload leaves mirror fusion to the server's default.
  modelsKnown: false,
  // Set once the user moves the slider: neither a prediction nor reloaded models move it after that.
  thresholdChosen: false,
  modelsGeneration: 0,
};

const viewer = new Viewer({
  viewport: ui.viewport, stage: ui.stage, image: ui.image,
  onZoom: (scale) => {
    ui.zoomValue.textContent = `${Math.round(scale * 100)}%`;
    placeLabels(ui.overlay, scale);
  },
});

const history = new History({
  list: ui.historyList, empty: ui.historyEmpty, more: ui.historyMore, onOpen: openPrediction, onError: showError,
});

// Uploading blocks another upload until it ends, whatever is opened meanwhile; opening blocks nothing.
function showBusy() {
  // Cancel goes when the upload ends: focus, when it was there, moves to the upload control instead of the page.
  const cancelFocused = document.activeElement === ui.cancelUpload;
  const busy = state.upload !== null || state.opening > 0;
  ui.busy.hidden = !busy;
  ui.busyText.textContent = state.upload !== null ? `Analysing ${state.upload}…` : 'Opening…';
  ui.cancelUpload.hidden = state.upload === null;
  ui.fileInput.disabled = state.upload !== null;
  ui.dropZone.classList.toggle('disabled', state.upload !== null);
  if (cancelFocused && ui.cancelUpload.hidden) ui.fileInput.focus();
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

// The slider and its value at a model's operating threshold, the overlay and the table redrawn at it.
function setSlider(value) {
  setThreshold(value);
  ui.slider.value = String(value);
  refreshFindings();
}

// Mirror fusion as the box shows it, once the models are known; before that (or without a box model) the server decides.
function chosenFlipFusion() {
  return ui.flipFusion.disabled || !(state.modelsKnown || state.flipFusionChosen) ? null : ui.flipFusion.checked;
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

// No image in the viewer, with a line saying why; loading marks the viewer busy until an image or an error comes.
function clearImage(text, loading = false) {
  ui.viewport.setAttribute('aria-busy', String(loading));
  if (state.imageUrl) URL.revokeObjectURL(state.imageUrl);
  state.imageUrl = null;
  ui.image.removeAttribute('src');
  // The annotated PNG is drawn on the image: without one it would be boxes on nothing.
  ui.downloadPng.disabled = true;
  ui.downloadPng.title = 'The image is not shown, so there is nothing to annotate';
  ui.stage.hidden = true;
  ui.placeholder.textContent = text;
  ui.placeholder.hidden = false;
}

// The verdict, findings and details first: they are in hand, and stay when the image cannot be fetched (a busy
// server's 429, say), which then reads as an error beside them rather than hiding the whole result.
async function showPrediction(prediction) {
  state.prediction = prediction;
  notices.clearPrevious();
  clearImage('Loading the image…', true);
  // Until the user moves the slider, it starts at the threshold of the box model that made this prediction (a
  // detector's prediction opened while a segmenter is loaded, or one made before a model changed).
  const threshold = boxModelThreshold(prediction);
  if (!state.thresholdChosen && threshold !== null) setSlider(threshold);
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
  notices.announce(`Result for ${prediction.image?.fileName || 'the image'}: ${ui.verdict.textContent}, ` +
    `${state.shown.length} finding${state.shown.length === 1 ? '' : 's'} shown.`);
  bringIntoView(ui.viewer);
  // The image belongs on the page while its prediction is the one shown: a newer action that failed or was
  // cancelled showed nothing else, and must not leave this one "Loading the image…".
  let url;
  try {
    url = await loadImage(prediction);
  } catch (error) {
    if (state.prediction === prediction) clearImage('The image could not be shown; the findings are listed beside it.');
    throw error;
  }
  if (state.prediction !== prediction) {
    URL.revokeObjectURL(url);
    return;
  }
  state.imageUrl = url;
  ui.image.src = url;
  ui.image.alt = `X-ray ${prediction.image?.fileName ?? ''} (${prediction.image.width} × ${prediction.image.height})`;
  await ui.image.decode().catch(() => {});
  // Another prediction (or none) took the viewer while the image decoded; it cleared this image itself.
  if (state.prediction !== prediction) return;
  ui.placeholder.hidden = true;
  ui.viewport.setAttribute('aria-busy', 'false');
  ui.downloadPng.disabled = false;
  ui.downloadPng.title = '';
  viewer.show(prediction.image.width, prediction.image.height);
}

// The empty page, after the shown prediction was deleted.
function clearPrediction() {
  state.prediction = null;
  notices.clearPrevious();
  state.shown = [];
  clearImage('No image yet — upload one or pick one from the history.');
  ui.overlay.replaceChildren();
  for (const panel of [ui.verdictPanel, ui.classificationPanel, ui.findingsPanel, ui.detailsPanel]) panel.hidden = true;
  history.setActive(null);
  window.history.replaceState(null, '', window.location.pathname);
  delete document.body.dataset.predictionId;
}

async function uploadFile(file) {
  if (!file || state.upload !== null) return;
  const name = file.name || 'image';
  const request = ++state.request;
  const earlier = state.prediction;
  clearError();
  notices.clearPrevious();
  state.upload = name;
  state.uploadAbort = new AbortController();
  showBusy();
  let prediction;
  try {
    prediction = await createPrediction(file, { flipFusion: chosenFlipFusion(), signal: state.uploadAbort.signal });
  } catch (error) {
    if (error instanceof ApiError && error.cancelled) {
      // The server may have finished and stored it just before the cancel reached it: the history says.
      showError(new ApiError(`Upload of ${name} cancelled.`, 0, '', '', true));
      history.refresh();
    } else {
      // Named, and shown even when another prediction was opened meanwhile: a refused upload was not stored, and
      // nothing else would say so.
      showError(error, `${name}: `);
    }
    // A study left on screen (kept, not cleared: one opened meanwhile still gets its image) says it is not this file.
    const shown = state.prediction;
    if (shown) notices.markPrevious(shown.image?.fileName || 'unnamed image', name, shown === earlier);
    return;
  } finally {
    // The upload is over once its answer is in hand (nothing is left to cancel); its image loads as any opened one.
    state.upload = null;
    state.uploadAbort = null;
    showBusy();
  }
  try {
    if (request === state.request) await showPrediction(prediction);
  } catch (error) {
    if (state.prediction === prediction) showError(error);
  } finally {
    // Stored even when showing it failed, so the history lists it.
    await history.refresh();
  }
}

async function openPrediction(id) {
  const request = ++state.request;
  clearError();
  state.opening++;
  showBusy();
  try {
    const prediction = await getPrediction(id);
    if (request === state.request) await showPrediction(prediction);
  } catch (error) {
    if (request === state.request) showError(error);
  } finally {
    state.opening--;
    showBusy();
  }
}

async function deleteShown() {
  const prediction = state.prediction;
  if (!prediction) return;
  const name = prediction.image?.fileName || 'this image';
  if (!window.confirm(`Delete the prediction for ${name}? Its stored image is deleted too, unless another prediction was made on the same file.`)) return;
  const focused = document.activeElement === ui.deletePrediction;
  try {
    await deletePrediction(prediction.id);
  } catch (error) {
    // Already gone (another tab deleted it) is what was asked for.
    if (!(error instanceof ApiError && error.status === 404)) {
      showError(error);
      return;
    }
  }
  // Drops a pending open (it may be of the deleted prediction), but not an upload: that one is a new prediction,
  // and bumping the request would hide its result.
  if (state.upload === null) ++state.request;
  if (state.prediction === prediction) clearPrediction();
  // The button went with its panel: focus moves to the upload control (Cancel while an upload runs).
  if (focused && ui.detailsPanel.hidden) (ui.fileInput.disabled ? ui.cancelUpload : ui.fileInput).focus();
  await history.refresh();
}

async function loadModels() {
  // Only the latest load may change the page (the API key can change again while one is on its way).
  const generation = ++state.modelsGeneration;
  try {
    const { models, flipFusion } = await listModels();
    if (generation !== state.modelsGeneration) return;
    state.modelsKnown = true;
    // Mirror fusion applies to detectors and segmenters only; the box starts at the server's default.
    const boxModel = models.some((m) => m.task === 'segment' || m.task === 'detect');
    ui.flipFusion.disabled = !boxModel;
    ui.flipFusion.parentElement.title = boxModel ? FLIP_FUSION_TITLE : 'No detector or segmenter is loaded';
    if (!state.flipFusionChosen) ui.flipFusion.checked = boxModel && flipFusion;
    // The box model that task "all" runs: the segmenter when the server has one, else the detector.
    const detector = models.find((m) => m.task === 'segment') ?? models.find((m) => m.task === 'detect');
    const shown = boxModelThreshold(state.prediction);
    if (!state.thresholdChosen && shown === null && detector && typeof detector.threshold === 'number' && detector.threshold > 0) {
      setSlider(detector.threshold);
    }
    if (detector && Array.isArray(detector.classNames)) renderLegend(ui.legend, detector.classNames);
  } catch (error) {
    if (generation === state.modelsGeneration) showError(error);
  }
}

function bindControls() {
  ui.slider.addEventListener('input', () => {
    state.thresholdChosen = true;
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
  ui.flipFusion.addEventListener('change', () => { state.flipFusionChosen = true; });
  ui.alertClose.addEventListener('click', clearError);
  ui.cancelUpload.addEventListener('click', () => state.uploadAbort?.abort());
  ui.historyRefresh.addEventListener('click', () => history.refresh());
  ui.downloadJson.addEventListener('click', () => state.prediction && downloadJson(state.prediction));
  ui.deletePrediction.addEventListener('click', deleteShown);
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
    // A linked prediction refused for want of the key opens now (an upload in flight keeps the viewer).
    if (!state.prediction && state.upload === null) openLinked();
  });
}

async function start() {
  setThreshold(DEFAULT_THRESHOLD);
  bindUpload({ fileInput: ui.fileInput, dropZone: ui.dropZone, onFile: uploadFile, onError: showError });
  bindControls();
  bindSkipLink(document.querySelector('.skip-link'), ui.viewer);
  await loadModels();
  await history.refresh();
  await openLinked();
  document.body.dataset.ready = 'true';
}

// The prediction the address names, if any. Ids are lower-case hex; a link typed or pasted in upper case still opens.
async function openLinked() {
  const id = window.location.hash.slice(1).toLowerCase();
  if (/^[0-9a-f]{32}$/.test(id)) await openPrediction(id);
}

start();
