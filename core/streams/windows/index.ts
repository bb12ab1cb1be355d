/** Windows: the public surface of core/streams/windows. */
export type { Window, Windowed } from './window.js';
export { DEFAULT_RETENTION_MS_MIN, closeTimeMs, defaultRetentionMs } from './window.js';
export { TimeWindows } from './time-windows.js';
export { SlidingWindows } from './sliding-windows.js';
export type { CreatedSlidingWindow, SlidingWindowUpdate } from './sliding-windows.js';
export { SessionWindows } from './session-windows.js';
export type { SessionMerge, SessionSearchRange } from './session-windows.js';
export { JoinWindows } from './join-windows.js';
export type { JoinSide } from './join-windows.js';
export { StreamTime } from './stream-time.js';
