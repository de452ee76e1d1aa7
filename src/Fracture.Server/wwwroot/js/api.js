// Thin client for the server's /api/v1 contract. Every failure becomes an ApiError whose message is
// what the page shows the user, built from the server's ProblemDetails when there is one.

const API_KEY_STORAGE = 'fracture.apiKey';

/** Lowest confidence the page asks for, so the slider can go down to it without a new request. */
export const UPLOAD_CONFIDENCE = 0.01;

export class ApiError extends Error {
  constructor(message, status = 0, title = '', detail = '', cancelled = false) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.detail = detail;
    // The user stopped the request (its AbortSignal fired); not a failure of the server.
    this.cancelled = cancelled;
  }
}

export function getApiKey() {
  try {
    return localStorage.getItem(API_KEY_STORAGE) ?? '';
  } catch {
    return '';
  }
}

export function setApiKey(value) {
  try {
    if (value) localStorage.setItem(API_KEY_STORAGE, value);
    else localStorage.removeItem(API_KEY_STORAGE);
  } catch {
    // Private mode or disabled storage: the key just is not remembered.
  }
}

// The server's 401 speaks to API clients ("send the API key in the X-Api-Key header"); the page's user types the key
// under Settings, so the page's words replace the server's.
const PAGE_TITLES = {
  401: 'An API key is required, or the one given is wrong: enter it under Settings',
};

// What to tell the user when the server gave no detail of its own.
const FALLBACK_TITLES = {
  400: 'The request was not accepted',
  404: 'Not found',
  413: 'The file is too large for this server',
  415: 'Unsupported file type — use a JPEG, PNG, TIFF or DICOM image',
  422: 'The image could not be decoded',
  429: 'The server is busy — try again in a moment',
  503: 'The server is not ready',
  504: 'The server took too long to answer',
};

async function problemFrom(response) {
  let title = '';
  let detail = '';
  try {
    const type = response.headers.get('content-type') ?? '';
    if (type.includes('json')) {
      const body = await response.json();
      title = typeof body.title === 'string' ? body.title : '';
      detail = typeof body.detail === 'string' ? body.detail : '';
    }
  } catch {
    // A body that is not JSON keeps the fallback text.
  }
  const status = response.status;
  const own = PAGE_TITLES[status];
  const head = own || title || FALLBACK_TITLES[status] || `Request failed (${status} ${response.statusText})`;
  const message = detail && detail !== head && !own ? `${head}: ${detail}` : head;
  return new ApiError(`${message} (HTTP ${status})`, status, title, detail);
}

async function send(url, init = {}) {
  const headers = new Headers(init.headers ?? {});
  const key = getApiKey();
  if (key) headers.set('X-Api-Key', key);
  let response;
  try {
    response = await fetch(url, { ...init, headers });
  } catch (error) {
    if (error?.name === 'AbortError') throw new ApiError('Cancelled.', 0, '', '', true);
    throw new ApiError(
      `Could not reach the server (${error?.message ?? 'network error'}). Check that it is running and try again.`);
  }
  if (!response.ok) throw await problemFrom(response);
  return response;
}

async function sendJson(url, init) {
  const response = await send(url, init);
  try {
    return await response.json();
  } catch (error) {
    // Cancelled while the answer was being read: the server has acted (a stored upload), the page has not.
    if (error?.name === 'AbortError') throw new ApiError('Cancelled.', 0, '', '', true);
    throw new ApiError(`The server sent an answer the page cannot read (${url}).`, response.status);
  }
}

/**
 * Uploads one file; the server decides the type from its bytes. flipFusion true or false asks for mirror fusion
 * or not; null leaves it to the server's default. signal (an AbortSignal) cancels the upload.
 */
export function createPrediction(
  file, { task = 'all', confidence = UPLOAD_CONFIDENCE, flipFusion = null, signal = undefined } = {}) {
  const form = new FormData();
  form.append('image', file, file.name || 'upload');
  form.append('task', task);
  form.append('conf', String(confidence));
  if (typeof flipFusion === 'boolean') form.append('flipFusion', String(flipFusion));
  return sendJson('/api/v1/predictions', { method: 'POST', body: form, signal });
}

export function getPrediction(id) {
  return sendJson(`/api/v1/predictions/${encodeURIComponent(id)}`);
}

/** Deletes a stored prediction (and its image when no other prediction uses it). */
export async function deletePrediction(id) {
  await send(`/api/v1/predictions/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** One page of the history: { items, next } where next is the older page's link or null. */
export async function listPredictions(limit = 20, link = null) {
  const body = await sendJson(link ?? `/api/v1/predictions?limit=${limit}`);
  return {
    items: Array.isArray(body?.items) ? body.items : [],
    next: typeof body?.next === 'string' ? body.next : null,
  };
}

/** The loaded models, and whether box models run with mirror fusion unless a request says otherwise. */
export async function listModels() {
  const body = await sendJson('/api/v1/models');
  return {
    models: Array.isArray(body?.models) ? body.models : [],
    flipFusion: body?.flipFusion === true,
  };
}

/** Fetches an image with the API key header (an <img src> could not send it) and returns it as a Blob. */
export async function fetchImageBlob(url) {
  const response = await send(url);
  return response.blob();
}
