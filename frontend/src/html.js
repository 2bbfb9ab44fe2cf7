// htm turns tagged template literals into Preact elements, so the app needs no JSX build step.
import { h } from 'preact';
import htm from 'htm';

export const html = htm.bind(h);
