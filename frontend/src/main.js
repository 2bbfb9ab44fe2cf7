import { render } from 'preact';
import { html } from './html.js';
import { App } from './app.js';
import { startSync } from './api.js';
import { prepareDateFormats } from './dates.js';
import { registerServiceWorker } from './swclient.js';

render(html`<${App} />`, document.getElementById('app')); // asks the server who is signed in
startSync();
registerServiceWorker();
// Before the first paint, while the first screen waits for the server anyway.
prepareDateFormats();
