/** Entry of the Scope Timeline webview (bundled to dist/webview/timeline.js and timeline.css). */
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './timeline.css';

const root = document.getElementById('root');
if (!root) throw new Error('scope timeline: the page has no #root element');
createRoot(root).render(<App />);
