import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { loadAppConfig } from './config/appConfig';
import './styles.css';

const root = createRoot(document.getElementById('root')!);

loadAppConfig()
  .then((config) =>
    root.render(
      <StrictMode>
        <App config={config} />
      </StrictMode>,
    ),
  )
  .catch((error: unknown) =>
    root.render(
      <main className="page">
        <h1>IMO cannot start</h1>
        <p className="error" role="alert">
          {error instanceof Error ? error.message : String(error)}
        </p>
        <p>
          Start the local stack with <code>npm start</code>, then reload.
        </p>
      </main>,
    ),
  );
