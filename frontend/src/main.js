import { render } from 'preact';
import { html } from './html.js';
import { App } from './app.js';
import { startSync } from './api.js';
import { registerServiceWorker } from './swclient.js';

render(html`<${App} />`, document.getElementById('app'));
startSync();
registerServiceWorker();
